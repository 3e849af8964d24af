import Foundation

/// How a worker's input becomes its user message.
///
/// - Default input schema (`input` text + optional `attachments`): the text, then one
///   attachment part per file.
/// - A custom input schema with `prompt_template`: the template with `{{field}}` replaced by
///   the field's value (strings as they are, anything else as compact JSON).
/// - A custom input schema without a template: one `field: value` line per top-level field,
///   in the order given.
enum WorkerInput {
    /// A bare string becomes `{"input": string}`; anything else is passed as is.
    static func normalize(_ input: JSONValue) -> JSONValue {
        if case .string(let text) = input { return ["input": .string(text)] }
        return input
    }

    /// Where attachment paths may point.
    enum AttachmentScope {
        /// The run's own input (the CLI user or the embedding program): any readable file.
        case anywhere
        /// A nested call (a model or code calling a worker): inside the project root only, after
        /// `..` and symlinks, as the file tools confine paths.
        case projectRoot
    }

    static func userMessage(
        for spec: WorkerSpec, input raw: JSONValue, projectRoot: String, attachments scope: AttachmentScope = .projectRoot
    ) throws -> Message {
        var input = normalize(raw)
        switch try spec.inputSchemaCompiled().validate(input) {
        case .success(let filled): input = filled  // defaults filled in
        case .failure(let violations):
            throw RunError(.invalidInput, "input for worker '\(spec.name)' does not match its input schema: \(violations)")
        }
        if spec.inputSchema == nil {
            guard case .object(let fields) = input else {
                throw RunError(.invalidInput, "worker '\(spec.name)' expects a text input, got \(input.typeName)")
            }
            let text = fields["input"]?.stringValue ?? ""
            let paths = fields["attachments"]?.arrayValue?.compactMap(\.stringValue) ?? []
            if text.allSatisfy(\.isWhitespace), paths.isEmpty {
                throw RunError(.invalidInput, "worker '\(spec.name)' needs an input: the prompt is empty")
            }
            var parts: [MessagePart] = [.text(text)]
            for path in paths {
                parts.append(.attachment(try AttachmentLoader.load(path, projectRoot: projectRoot, scope: scope)))
            }
            return Message(role: .user, parts: parts)
        }
        if let template = spec.promptTemplate {
            return .user(render(template: template, with: input))
        }
        guard case .object(let fields) = input else { return .user(input.jsonText) }
        let lines = fields.map { key, value in "\(key): \(value.stringValue ?? value.jsonText)" }
        return .user(lines.joined(separator: "\n"))
    }

    /// Replaces `{{field}}` placeholders (whitespace inside the braces allowed).
    static func render(template: String, with input: JSONValue) -> String {
        var out = ""
        var rest = Substring(template)
        while let open = rest.range(of: "{{") {
            out += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                rest = rest[open.lowerBound...]
                break
            }
            let key = String(rest[open.upperBound..<close.lowerBound].trimmingWhitespace())
            if let value = input[key] {
                out += value.stringValue ?? value.jsonText
            } else {
                out += rest[open.lowerBound..<close.upperBound]
            }
            rest = rest[close.upperBound...]
        }
        return out + rest
    }
}

/// Reads attachment files and types them by content.
enum AttachmentLoader {
    /// Attachments larger than this are refused (providers reject them anyway).
    static let maxBytes = 32 * 1024 * 1024

    /// Loads a file given relative to the project root: for the run's own input, absolute paths
    /// are allowed too (as in llm-do); for a nested call the path must stay inside the project
    /// root.
    /// - Throws: ``ToolError/failed(_:)`` for a confined path that leaves the project root (the
    ///   calling model reads it), ``RunError`` (`invalidInput`) for a missing, unreadable, too
    ///   large or unsupported file.
    static func load(_ path: String, projectRoot: String, scope: WorkerInput.AttachmentScope) throws -> Attachment {
        let full: String
        switch scope {
        case .anywhere:
            full = path.hasPrefix("/") ? path : (projectRoot as NSString).appendingPathComponent(path)
        case .projectRoot:
            full = try confined(path, projectRoot: projectRoot)
        }
        guard let data = FileManager.default.contents(atPath: full) else {
            let exists = FileManager.default.fileExists(atPath: full)
            throw RunError(.invalidInput, "attachment '\(path)' \(exists ? "cannot be read" : "does not exist") (\(full))")
        }
        guard data.count <= maxBytes else {
            throw RunError(.invalidInput, "attachment '\(path)' is \(data.count) bytes; the limit is \(maxBytes)")
        }
        let bytes = [UInt8](data)
        guard let type = mediaType(of: bytes, path: path) else {
            throw RunError(.invalidInput, "attachment '\(path)' is not a PDF, PNG, JPEG, GIF, WebP or text file")
        }
        return Attachment(mediaType: type, data: bytes, name: path)
    }

    /// `path` resolved inside the project root (``BaseFolder``: relative, no escape through `..`
    /// or a symlink), or a tool error saying why not.
    private static func confined(_ path: String, projectRoot: String) throws(ToolError) -> String {
        do {
            return try BaseFolder(projectRoot).resolve(path).absolute
        } catch {
            throw ToolError.failed(
                "attachment '\(path)' refused: \(error.message) (a worker passes attachments from the project root, its base folder)")
        }
    }

    /// The MIME type from magic bytes; UTF-8 text otherwise; `nil` for other binary data.
    static func mediaType(of bytes: [UInt8], path: String) -> String? {
        func starts(with prefix: [UInt8]) -> Bool { bytes.count >= prefix.count && Array(bytes.prefix(prefix.count)) == prefix }
        if starts(with: Array("%PDF-".utf8)) { return "application/pdf" }
        if starts(with: [0x89, 0x50, 0x4E, 0x47]) { return "image/png" }
        if starts(with: [0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if starts(with: Array("GIF8".utf8)) { return "image/gif" }
        if bytes.count >= 12, starts(with: Array("RIFF".utf8)), Array(bytes[8..<12]) == Array("WEBP".utf8) {
            return "image/webp"
        }
        if !bytes.contains(0), String(validating: bytes, as: UTF8.self) != nil { return "text/plain" }
        return nil
    }
}
