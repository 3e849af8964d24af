/// The built-in file tools: `read_file`, `list_files` and (unless read-only) `write_file`, every
/// path confined to one base folder (the project root or the working directory).
///
/// Reads and listings are pre-approved; writes need approval by default, with a description
/// such as "write 1,234 chars to notes/activity.log". Refusals (escapes, binary files, missing
/// files) are ``ToolError/failed(_:)``: final answers the model reads, not counted as retries.
/// Argument values the schema cannot express (a negative offset) are ``ToolError/retry(_:)``,
/// like any other invalid argument.
struct FilesystemToolset: Toolset {
    let name: String
    let base: BaseFolder.Location
    let readOnly: Bool

    var tools: [ToolDefinition] {
        readOnly ? [Self.readFile, Self.listFiles] : [Self.readFile, Self.writeFile, Self.listFiles]
    }

    func makeInstance(context: ToolsetContext) async throws -> any ToolsetInstance {
        let (base, readOnly) = (base, readOnly)
        return try await BlockingPool.current.run { Instance(folder: try base.folder(in: context), readOnly: readOnly) }
    }

    struct Instance: ToolsetInstance {
        let folder: BaseFolder
        let readOnly: Bool

        func approvalNeed(tool: String, arguments: JSONValue) -> ApprovalNeed {
            guard tool == "write_file" else { return ApprovalNeed(required: nil) }
            let count = arguments["content"]?.stringValue?.unicodeScalars.count ?? 0
            let path = arguments["path"]?.stringValue ?? ""
            return ApprovalNeed(required: nil, description: "write \(CountText.grouped(count)) chars to \(path)")
        }

        /// Runs the tool on the blocking pool: `realpath`, reads, `fsync` and walks all block.
        func call(tool: String, arguments: JSONValue, invocation: ToolInvocation) async throws -> ToolOutput {
            try await BlockingPool.current.run { try run(tool: tool, arguments: arguments) }
        }

        /// The tool body, synchronous and independent of a runtime (benchmarks and tests call it).
        func run(tool: String, arguments: JSONValue) throws(ToolError) -> ToolOutput {
            switch tool {
            case "read_file":
                let path = try Self.string("path", in: arguments)
                let maxChars = try Self.count("max_chars", in: arguments, default: ReadFile.defaultMaxChars, minimum: 1)
                let offset = try Self.count("offset", in: arguments, default: 0, minimum: 0)
                return .json(try ReadFile.run(folder.resolve(path), shownAs: path, maxChars: maxChars, offset: offset))
            case "write_file" where !readOnly:
                let path = try Self.string("path", in: arguments)
                let content = try Self.string("content", in: arguments)
                return .text(try WriteFile.run(folder.resolve(path), shownAs: path, content: content))
            case "list_files":
                let path = arguments["path"]?.stringValue ?? "."
                let pattern = arguments["pattern"]?.stringValue ?? "**/*"
                return .json(try ListFiles.run(folder, folder: folder.resolve(path), shownAs: path, pattern: pattern))
            default:
                throw ToolError.failed("this toolset has no tool '\(tool)'")
            }
        }

        private static func string(_ key: String, in arguments: JSONValue) throws(ToolError) -> String {
            guard let value = arguments[key]?.stringValue else { throw ToolError.retry("'\(key)' must be a string") }
            return value
        }

        private static func count(_ key: String, in arguments: JSONValue, default value: Int, minimum: Int) throws(ToolError)
            -> Int
        {
            guard let raw = arguments[key], !raw.isNull else { return value }
            guard let number = raw.int64Value, number >= minimum else {
                throw ToolError.retry("'\(key)' must be an integer ≥ \(minimum)")
            }
            return Int(clamping: number)
        }
    }
}

extension FilesystemToolset {
    static let readFile = ToolDefinition(
        name: "read_file",
        description: """
            Read a UTF-8 text file. Returns {content, total_chars, offset, truncated}; when truncated, \
            call again with a larger offset to read on. Paths are relative to the base folder. \
            Binary files (PDFs, images) are refused: pass them as attachments instead.
            """,
        parametersSchema: [
            "type": "object",
            "properties": [
                "path": ["type": "string", "description": "File path, relative to the base folder.", "examples": ["project.json"]],
                "max_chars": [
                    "type": "integer", "minimum": 1, "default": .int(Int64(ReadFile.defaultMaxChars)),
                    "description": "Maximum characters to return.",
                ],
                "offset": ["type": "integer", "minimum": 0, "default": 0, "description": "Character position to start at."],
            ],
            "required": ["path"],
            "additionalProperties": false,
        ])

    static let writeFile = ToolDefinition(
        name: "write_file",
        description: """
            Write a UTF-8 text file, replacing it if it exists and creating missing folders. \
            The write is atomic. Paths are relative to the base folder.
            """,
        parametersSchema: [
            "type": "object",
            "properties": [
                "path": ["type": "string", "description": "File path, relative to the base folder.", "examples": ["notes/todo.md"]],
                "content": ["type": "string", "description": "The whole new content of the file.", "examples": ["- call Ada\n"]],
            ],
            "required": ["path", "content"],
            "additionalProperties": false,
        ],
        approval: .always)

    static let listFiles = ToolDefinition(
        name: "list_files",
        description: """
            List files under a folder whose paths match a glob (`*` and `?` within a name, `**` for any \
            depth). Returns {files, truncated}, sorted, paths relative to the base folder; at most \
            \(ListFiles.maxResults) files.
            """,
        parametersSchema: [
            "type": "object",
            "properties": [
                "path": ["type": "string", "default": ".", "description": "Folder to list, relative to the base folder."],
                "pattern": [
                    "type": "string", "default": "**/*",
                    "description": "Glob relative to that folder ('**/*': every file at any depth).",
                ],
            ],
            "additionalProperties": false,
        ])
}
