/* Every function is static inline in include/llmdo_process_control.h; SwiftPM needs one source file. */
#include "llmdo_process_control.h"
