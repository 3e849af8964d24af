import LLMDoToolABI

/// Reads the plugin's size-prefixed descriptor structs whatever header they were built with.
///
/// A struct built against ABI 1.0 is shorter than this host's when a later minor appended
/// fields, and one built against a newer 1.x header is longer. So a struct is never read with
/// `pointee`: ``read(_:size:as:)`` copies only the bytes its `struct_size` declares into a
/// zeroed value of this host's type (fields the plugin does not have read as 0/NULL; fields
/// this host does not know are never touched). Sizes are checked before anything past the
/// first four bytes is read: at least the frozen 1.0 size, at most `LLMDO_STRUCT_SIZE_MAX`.
enum DescriptorLayout {
    /// One size-prefixed struct of the ABI.
    struct Kind: Sendable {
        let name: String
        /// `LLMDO_*_SIZE_1_0`: the smallest `struct_size` a plugin may declare.
        let minimum: Int
    }

    static let plugin = Kind(name: "llmdo_plugin", minimum: Int(LLMDO_PLUGIN_SIZE_1_0))
    static let toolset = Kind(name: "llmdo_toolset", minimum: Int(LLMDO_TOOLSET_SIZE_1_0))
    static let function = Kind(name: "llmdo_function", minimum: Int(LLMDO_FUNCTION_SIZE_1_0))
    static let codeEntry = Kind(name: "llmdo_code_entry", minimum: Int(LLMDO_CODE_ENTRY_SIZE_1_0))
    /// No 1.x struct is larger; a bigger `struct_size` is garbage, and reading it could run
    /// off the plugin's memory.
    static let maximum = Int(LLMDO_STRUCT_SIZE_MAX)

    /// The `struct_size` every descriptor struct starts with.
    static func declaredSize(at pointer: UnsafeRawPointer) -> Int {
        Int(pointer.load(as: UInt32.self))
    }

    /// Why `size` cannot be a `struct_size` of `kind`, or nil when it can.
    static func problem(size: Int, kind: Kind) -> String? {
        if size < kind.minimum {
            return "\(kind.name).struct_size is \(size), smaller than ABI 1.0's \(kind.minimum); set it to sizeof(\(kind.name))"
        }
        if size > maximum {
            return "\(kind.name).struct_size is \(size), larger than any LLMDoToolABI 1.x struct may be (\(maximum)); set it to sizeof(\(kind.name))"
        }
        return nil
    }

    /// The struct at `pointer`, of which the plugin declared `size` bytes (already checked
    /// against ``problem(size:kind:)``): a copy of the bytes both sides know, zero beyond.
    static func read<T>(_ pointer: UnsafeRawPointer, size: Int, as type: T.Type) -> T {
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: MemoryLayout<T>.size, alignment: MemoryLayout<T>.alignment)
        defer { buffer.deallocate() }
        buffer.initializeMemory(as: UInt8.self, repeating: 0, count: MemoryLayout<T>.size)
        buffer.copyMemory(from: pointer, byteCount: min(size, MemoryLayout<T>.size))
        // The ABI structs are plain C data (integers and pointers): any bytes are a valid value.
        return buffer.load(as: T.self)
    }
}
