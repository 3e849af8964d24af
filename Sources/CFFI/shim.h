#ifndef LLMDO_CFFI_SHIM_H
#define LLMDO_CFFI_SHIM_H
// libffi for Swift; nothing else. Debian installs ffi.h under the multiarch include dir,
// which is on the default search path.
#include <ffi.h>

// libffi's builtin type descriptors are mutable C globals, which Swift 6 refuses to touch
// from concurrent code. ffi_prep_cif never writes to these scalar types, so handing out
// their addresses is safe.
static inline ffi_type *CFFI_type_sint32(void) { return &ffi_type_sint32; }
static inline ffi_type *CFFI_type_sint64(void) { return &ffi_type_sint64; }
static inline ffi_type *CFFI_type_double(void) { return &ffi_type_double; }
static inline ffi_type *CFFI_type_pointer(void) { return &ffi_type_pointer; }
#endif
