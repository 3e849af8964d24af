import CFFI

/// A C function signature prepared once for libffi (`ffi_prep_cif`), then called many times.
///
/// The only file that imports CFFI. The `ffi_cif` and its type array live in allocated memory
/// for the signature's life: libffi keeps pointers into both, and a prepared cif is read-only,
/// so one signature may be called from many threads at once.
package final class FFISignature: @unchecked Sendable {
    /// The C types llmdo passes and returns.
    package enum CType: Sendable {
        case int32, int64, double, pointer
    }

    private let cif: UnsafeMutablePointer<ffi_cif>
    private let argumentTypes: UnsafeMutablePointer<UnsafeMutablePointer<ffi_type>?>
    let argumentCount: Int

    /// Prepares a signature; `nil` when libffi refuses it.
    package init?(returning result: CType, arguments: [CType]) {
        cif = .allocate(capacity: 1)
        argumentCount = arguments.count
        argumentTypes = .allocate(capacity: max(1, arguments.count))
        for (index, type) in arguments.enumerated() { argumentTypes[index] = Self.ffiType(type) }
        let status = ffi_prep_cif(
            cif, FFI_DEFAULT_ABI, UInt32(arguments.count), Self.ffiType(result), arguments.isEmpty ? nil : argumentTypes)
        guard status == FFI_OK else {
            cif.deallocate()
            argumentTypes.deallocate()
            return nil
        }
    }

    deinit {
        cif.deallocate()
        argumentTypes.deallocate()
    }

    /// Calls `function`. `arguments[i]` points at a value of exactly the i-th declared type;
    /// `result` points at 8 bytes (integral results narrower than that are widened, the
    /// `ffi_arg` rule, so callers read an Int32 status from the low bytes via `UInt64`).
    package func call(
        _ function: @convention(c) () -> Void, arguments: UnsafeMutablePointer<UnsafeMutableRawPointer?>?,
        result: UnsafeMutableRawPointer
    ) {
        ffi_call(cif, function, result, arguments)
    }

    private static func ffiType(_ type: CType) -> UnsafeMutablePointer<ffi_type> {
        switch type {
        case .int32: return CFFI_type_sint32()
        case .int64: return CFFI_type_sint64()
        case .double: return CFFI_type_double()
        case .pointer: return CFFI_type_pointer()
        }
    }
}
