#ifndef LLMDO_CFFI_SHIM_H
#define LLMDO_CFFI_SHIM_H
// libffi for Swift; nothing else. Debian installs ffi.h under the multiarch include dir,
// which is on the default search path.
#include <ffi.h>
#endif
