/* sibling.c: a plain shared library shipped next to a plugin (libhelper.so, linked through
 * -Wl,-rpath,'$ORIGIN'; libneighbour.so, opened with dlopen). Built by the tests with
 * -DSIBLING_VALUE=N. */
#include <stdint.h>

__attribute__((visibility("default"))) int64_t sibling_value(void) { return SIBLING_VALUE; }
