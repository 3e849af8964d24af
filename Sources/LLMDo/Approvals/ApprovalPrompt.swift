/// The text an interactive approver shows for a request: who asks, for what, and with which
/// arguments. The first view is pretty JSON with long strings and long listings shortened; each
/// cut says how much it hides, and the question then offers `[s]`, which shows every argument in
/// full (strings as the text a tool would write or run, line by line). Nothing is hidden
/// without saying so.
///
/// Everything shown is made inert first: control characters, C1 controls and bidirectional
/// overrides become visible escapes, so a model cannot draw a fake prompt or recolour the
/// terminal through a file name or an argument.
package enum ApprovalPrompt {
    /// Characters of one string argument shown before it is shortened.
    static let maxStringChars = 300
    /// Lines of the argument listing shown before it is cut.
    static let maxArgumentLines = 30

    /// The request, rendered, and whether the view hides anything.
    package struct Rendering {
        /// Ends with a newline.
        package var text: String
        /// Whether something was cut (the question then offers to show all).
        var shortened: Bool
    }

    /// The request, shortened where long (`complete` false) or in full.
    package static func render(_ request: ApprovalRequest, complete: Bool = false) -> Rendering {
        var lines = header(request)
        if complete {
            lines.append("  arguments (complete):")
            lines += completeListing(request.arguments)
            return Rendering(text: lines.joined(separator: "\n") + "\n", shortened: false)
        }
        lines.append("  arguments:")
        let preview = shortened(request.arguments)
        var listing = preview.prettyJSONText.split(separator: "\n", omittingEmptySubsequences: false)
        var cut = preview != request.arguments
        if listing.count > maxArgumentLines {
            let hidden = listing.count - maxArgumentLines
            listing = Array(listing.prefix(maxArgumentLines)) + ["… (\(hidden) more lines, [s] shows all)"]
            cut = true
        }
        lines += listing.map { "    " + inert(String($0)) }
        return Rendering(text: lines.joined(separator: "\n") + "\n", shortened: cut)
    }

    /// Who asks, for what.
    private static func header(_ request: ApprovalRequest) -> [String] {
        var lines = ["", "── approval needed " + String(repeating: "─", count: 40)]
        lines.append("  worker:    \(inert(request.worker)) (depth \(request.depth))")
        switch request.kind {
        case .tool: lines.append("  tool:      \(inert(request.tool)) (from \(inert(request.toolset)))")
        case .workerCall: lines.append("  calls:     worker \(inert(request.tool))")
        case .workerAttachments: lines.append("  attaches:  files to worker \(inert(request.tool))")
        }
        if let description = request.description { lines.append("  action:    \(inert(description))") }
        return lines
    }

    /// Every argument in full: a string as its lines (each shown inert), anything else as JSON.
    private static func completeListing(_ arguments: JSONValue) -> [String] {
        guard case .object(let fields) = arguments else {
            return arguments.prettyJSONText.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + inert(String($0)) }
        }
        var lines: [String] = []
        for (key, value) in fields {
            guard case .string(let text) = value else {
                lines.append("    \(inert(key)): \(inert(value.jsonText))")
                continue
            }
            // Split on scalars: "\r\n" is one Character, and a CR should stay visible (as \u{D}).
            let textLines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
            lines.append("    \(inert(key)) (\(CountText.grouped(text.unicodeScalars.count)) chars, \(textLines.count) lines):")
            lines += textLines.map { "      │ " + inert(String(String.UnicodeScalarView($0))) }
        }
        return lines
    }

    /// The question asked after the request; `[s]` is offered when the view hid something.
    static func question(for request: ApprovalRequest, offerAll: Bool) -> String {
        "Approve? [y] once, [a] this exact call for the session, [t] every call of '\(inert(request.tool))' for the session, "
            + "[n] deny\(offerAll ? ", [s] show all" : ""): "
    }
    /// Asked after a denial.
    static let reasonQuestion = "Reason for the model (optional, Enter to skip): "

    /// `value` with every string longer than ``maxStringChars`` cut, noting how much was cut.
    static func shortened(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string(let text) where text.unicodeScalars.count > maxStringChars:
            var kept = String.UnicodeScalarView()
            kept.append(contentsOf: text.unicodeScalars.prefix(maxStringChars))
            let more = text.unicodeScalars.count - maxStringChars
            return .string(String(kept) + "… (\(CountText.grouped(more)) more chars, [s] shows all)")
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
