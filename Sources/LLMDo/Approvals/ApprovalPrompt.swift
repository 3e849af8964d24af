/// The text an interactive approver shows for a request: who asks, for what, and with which
/// arguments (pretty JSON, long strings and long listings shortened).
///
/// Everything shown is made inert first: control characters, C1 controls and bidirectional
/// overrides become visible escapes, so a model cannot draw a fake prompt or recolour the
/// terminal through a file name or an argument.
enum ApprovalPrompt {
    /// Characters of one string argument shown before it is shortened.
    static let maxStringChars = 300
    /// Lines of the argument listing shown before it is cut.
    static let maxArgumentLines = 30

    /// The request, rendered; ends with a newline.
    static func render(_ request: ApprovalRequest) -> String {
        var lines = ["", "── approval needed " + String(repeating: "─", count: 40)]
        lines.append("  worker:    \(inert(request.worker)) (depth \(request.depth))")
        switch request.kind {
        case .tool: lines.append("  tool:      \(inert(request.tool)) (from \(inert(request.toolset)))")
        case .workerCall: lines.append("  calls:     worker \(inert(request.tool))")
        case .workerAttachments: lines.append("  attaches:  files to worker \(inert(request.tool))")
        }
        if let description = request.description { lines.append("  action:    \(inert(description))") }
        lines.append("  arguments:")
        var listing = shortened(request.arguments).prettyJSONText.split(separator: "\n", omittingEmptySubsequences: false)
        if listing.count > maxArgumentLines {
            let hidden = listing.count - maxArgumentLines
            listing = Array(listing.prefix(maxArgumentLines)) + ["… (\(hidden) more lines)"]
        }
        lines += listing.map { "    " + inert(String($0)) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The question asked after the request.
    static let question = "Approve? [y] once, [a] this tool for the session, [n] deny: "
    /// Asked after a denial.
    static let reasonQuestion = "Reason for the model (optional, Enter to skip): "

    /// `value` with every string longer than ``maxStringChars`` cut, noting how much was cut.
    static func shortened(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string(let text) where text.unicodeScalars.count > maxStringChars:
            var kept = String.UnicodeScalarView()
            kept.append(contentsOf: text.unicodeScalars.prefix(maxStringChars))
            let more = text.unicodeScalars.count - maxStringChars
            return .string(String(kept) + "… (\(CountText.grouped(more)) more chars)")
        case .array(let items): return .array(items.map(shortened))
        case .object(let object): return .object(JSONObject(object.map { ($0.key, shortened($0.value)) }))
        default: return value
        }
    }

    /// `text` safe to print on a terminal: controls and direction overrides as `\u{…}` escapes.
    static func inert(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x00..<0x20, 0x7F...0x9F, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069:
                out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
