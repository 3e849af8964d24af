public import LLMDoToolABI
import Glibc

/// A whole plugin, turned into the plain C descriptor `llmdo_entry_v1` returns.
///
/// The host cannot tell a kit-built descriptor from a hand-written one. Export it with:
///
/// ```swift
/// let plugin = Plugin(toolsets: [Toolset("calc_tools", version: "1.0.0", "Arithmetic.", functions: [...])])
///
/// @_cdecl("llmdo_entry_v1")
/// public func llmdoEntry(_ api: UnsafePointer<llmdo_host_api>?) -> UnsafePointer<llmdo_plugin>? { plugin.descriptor }
/// ```
public final class Plugin: @unchecked Sendable {
    /// The descriptor: built once, immutable, and (like the image) never freed.
    public let descriptor: UnsafePointer<llmdo_plugin>

    public init(
        toolsets: [Toolset], entries: [CodeEntry] = [],
        initialize: (@convention(c) (UnsafePointer<llmdo_host_api>?, UnsafeMutablePointer<CChar>?, Int) -> Int32)? = nil,
        shutdown: (@convention(c) () -> Void)? = nil
    ) {
        let cToolsets = Self.array(toolsets.map(Self.toolset))
        let cEntries = Self.array(
            entries.map {
                llmdo_code_entry(
                    struct_size: UInt32(MemoryLayout<llmdo_code_entry>.size), reserved: 0, name: Self.string($0.name),
                    description: Self.string($0.description), run: $0.run)
            })
        let plugin = UnsafeMutablePointer<llmdo_plugin>.allocate(capacity: 1)
        plugin.initialize(
            to: llmdo_plugin(
                struct_size: UInt32(MemoryLayout<llmdo_plugin>.size), abi_major: LLMDO_ABI_MAJOR, abi_minor: LLMDO_ABI_MINOR,
                toolset_count: UInt32(toolsets.count), toolsets: cToolsets, entry_count: UInt32(entries.count), reserved: 0,
                entries: cEntries, init: initialize, shutdown: shutdown))
        descriptor = UnsafePointer(plugin)
    }

    private static func toolset(_ toolset: Toolset) -> llmdo_toolset {
        llmdo_toolset(
            struct_size: UInt32(MemoryLayout<llmdo_toolset>.size), function_count: UInt32(toolset.functions.count),
            name: string(toolset.name), version: string(toolset.version), description: string(toolset.description),
            functions: array(toolset.functions.map(function)), create_instance: toolset.createInstance,
            destroy_instance: toolset.destroyInstance)
    }

    private static func function(_ function: Function) -> llmdo_function {
        let params = array(function.parameters.map { llmdo_param(name: string($0.name), type: $0.type, reserved: 0) })
        let approval: Int32
        var needsApproval: llmdo_needs_approval_fn?
        switch function.approval {
        case .preApproved: approval = LLMDO_APPROVAL_PRE_APPROVED
        case .always: approval = LLMDO_APPROVAL_ALWAYS
        case .perCall(let callback):
            approval = LLMDO_APPROVAL_PER_CALL
            needsApproval = callback
        }
        return llmdo_function(
            struct_size: UInt32(MemoryLayout<llmdo_function>.size), flags: function.flags, name: string(function.name),
            description: string(function.description), parameters_schema: string(function.schema), params: params,
            param_count: UInt32(function.parameters.count), result_type: function.returns.raw, approval: UInt32(approval),
            reserved: 0, fn: function.pointer, needs_approval: needsApproval)
    }

    /// A C string that lives as long as the process (descriptor strings must stay constant).
    private static func string(_ text: String) -> UnsafePointer<CChar>? { UnsafePointer(strdup(text)) }

    /// A C array that lives as long as the process; NULL when empty.
    private static func array<T>(_ elements: [T]) -> UnsafePointer<T>? {
        guard !elements.isEmpty else { return nil }
        let storage = UnsafeMutablePointer<T>.allocate(capacity: elements.count)
        storage.initialize(from: elements, count: elements.count)
        return UnsafePointer(storage)
    }
}

/// JSON text building for schemas and results (the kit has no JSON library).
public enum JSONText {
    /// `text` as a JSON string literal.
    public static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
