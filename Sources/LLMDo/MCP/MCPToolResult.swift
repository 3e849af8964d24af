/// A `tools/call` result (`CallToolResult`) as what the model reads.
///
/// `structuredContent` wins when present (it is the tool's typed output); otherwise the
/// content blocks become text: `text` as it is, an embedded text resource as its text, and
/// blocks the model layer cannot carry in a tool result (images, audio, binary resources)
/// as a one-line note naming their type and size. `isError: true` becomes a tool error whose
/// message the model reads.
enum MCPToolResult {
    static func output(_ result: JSONValue, server: String, tool: String) throws(ToolError) -> ToolOutput {
        let text = (result["content"]?.arrayValue ?? []).map(describe).joined(separator: "\n")
        if result["isError"]?.boolValue == true {
            throw ToolError.failed(text.isEmpty ? "MCP tool '\(tool)' of server '\(server)' failed" : text)
        }
        if let structured = result["structuredContent"], !structured.isNull { return .json(structured) }
        return .text(text)
    }

    private static func describe(_ block: JSONValue) -> String {
        switch block["type"]?.stringValue {
        case "text":
            return block["text"]?.stringValue ?? ""
        case "resource":
            if let text = block["resource"]?["text"]?.stringValue { return text }
            return "[binary resource \(block["resource"]?["uri"]?.stringValue ?? "") omitted]"
        case "resource_link":
            return "[resource: \(block["uri"]?.stringValue ?? "")]"
        case let type?:
            let mime = block["mimeType"]?.stringValue ?? "unknown type"
            let size = (block["data"]?.stringValue?.utf8.count ?? 0) * 3 / 4
            return "[\(type) (\(mime), about \(size) bytes) omitted: llmdo passes text to the model]"
        case nil:
            return block.jsonText
        }
    }
}
