/* Compile-time checks of the ABI's struct layout. The header is the whole contract;
 * this file only makes SwiftPM build it as a C module. */
#include "llmdo_tool.h"
