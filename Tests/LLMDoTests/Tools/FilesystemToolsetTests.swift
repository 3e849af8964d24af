import Foundation
import Testing
@testable import LLMDo

@Suite("Filesystem tools")
struct FilesystemToolsetTests {
    let base: TemporaryFolder
    let tools: FilesystemToolset.Instance

    init() throws {
        base = try TemporaryFolder()
        tools = FilesystemToolset.Instance(folder: try BaseFolder(base.path), readOnly: false)
    }

    @Test("the six built-in toolsets exist with llm-do's names and tools")
    func builtins() {
        let all = BuiltinToolsets.all()
        #expect(Set(all.keys) == ["filesystem_cwd", "filesystem_cwd_ro", "filesystem_project", "filesystem_project_ro", "shell_readonly", "shell_file_ops"])
        #expect(all["filesystem_project"]?.tools.map(\.name) == ["read_file", "write_file", "list_files"])
        #expect(all["filesystem_cwd_ro"]?.tools.map(\.name) == ["read_file", "list_files"])
        let approvals = Dictionary(uniqueKeysWithValues: (all["filesystem_cwd"]?.tools ?? []).map { ($0.name, $0.approval) })
        #expect(approvals == ["read_file": .preApproved, "write_file": .always, "list_files": .preApproved])
        #expect(all["shell_readonly"]?.tools.map(\.approval) == [.preApproved])
        #expect(all["shell_file_ops"]?.tools.map(\.approval) == [.perCall])
    }

    @Test("read_file pages through a file and reports its total length in characters")
    func readPaging() throws {
        try base.write("text.txt", "héllo wörld")  // 11 characters, 13 bytes
        let first = try tools.run(tool: "read_file", arguments: ["path": "text.txt", "max_chars": 5]).jsonValue
        #expect(first == ["content": "héllo", "total_chars": 11, "offset": 0, "truncated": true])
        let rest = try tools.run(tool: "read_file", arguments: ["path": "text.txt", "offset": 6, "max_chars": 100]).jsonValue
        #expect(rest == ["content": "wörld", "total_chars": 11, "offset": 6, "truncated": false])
        let past = try tools.run(tool: "read_file", arguments: ["path": "text.txt", "offset": 50]).jsonValue
        #expect(past["content"] == "" && past["truncated"] == false)
        let all = try tools.run(tool: "read_file", arguments: ["path": "text.txt", "offset": 1, "max_chars": .int(.max)]).jsonValue
        #expect(all["content"] == "éllo wörld" && all["truncated"] == false)
    }

    @Test("read_file refuses binary files, folders, missing files and files over the limit")
    func readRefusals() async throws {
        try Data([0x89, 0x50, 0x4E, 0x47, 0x00, 0x01]).write(to: URL(fileURLWithPath: base.path + "/image.png"))
        try Data([0xC3, 0x28]).write(to: URL(fileURLWithPath: base.path + "/latin1.txt"))
        // An ASCII-only PDF is valid UTF-8: its signature is what gives it away.
        try base.write("deck.pdf", "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")
        try base.makeFolder("folder")
        try base.write("big.txt", "")
        #expect(truncate(base.path + "/big.txt", off_t(ReadFile.maxBytes + 1)) == 0)
        let cases: [(String, String)] = [
            ("image.png", "is a PNG file, not text"), ("deck.pdf", "is a PDF file, not text"), ("latin1.txt", "binary"), ("folder", "list_files"), ("nope.txt", "does not exist"),
            ("big.txt", "10,485,760 bytes"),
        ]
        for (path, expected) in cases {
            let message = await toolErrorMessage { try tools.run(tool: "read_file", arguments: ["path": .string(path)]) }
            #expect(message?.contains(expected) == true, "\(path): \(message ?? "no error")")
        }
        let negative = await toolErrorMessage { try tools.run(tool: "read_file", arguments: ["path": "x", "offset": -1]) }
        #expect(negative?.contains("'offset' must be an integer ≥ 0") == true)
    }

    @Test("write_file creates folders, replaces atomically and keeps the file's mode")
    func writeAtomically() throws {
        let message = try tools.run(tool: "write_file", arguments: ["path": "notes/deep/log.txt", "content": "first"])
        #expect(message.modelText == "wrote 5 chars to notes/deep/log.txt")
        #expect(base.read("notes/deep/log.txt") == "first")
        chmod(base.path + "/notes/deep/log.txt", 0o600)
        _ = try tools.run(tool: "write_file", arguments: ["path": "notes/deep/log.txt", "content": "second"])
        #expect(base.read("notes/deep/log.txt") == "second")
        var info = stat()
        stat(base.path + "/notes/deep/log.txt", &info)
        #expect(info.st_mode & 0o777 == 0o600)
        // No temporary files are left behind.
        let names = try FileManager.default.contentsOfDirectory(atPath: base.path + "/notes/deep")
        #expect(names == ["log.txt"])
    }

    @Test("a write that fails leaves the old file whole and no temporary file")
    func writeFailureLeavesNoDebris() async throws {
        try base.write("locked/file.txt", "original")
        chmod(base.path + "/locked", 0o500)
        defer { chmod(base.path + "/locked", 0o700) }
        guard access(base.path + "/locked", W_OK) != 0 else { return }  // running as root: permissions do not bind
        let message = await toolErrorMessage { try tools.run(tool: "write_file", arguments: ["path": "locked/file.txt", "content": "new"]) }
        #expect(message?.contains("cannot create a file") == true)
        #expect(base.read("locked/file.txt") == "original")
        #expect(try FileManager.default.contentsOfDirectory(atPath: base.path + "/locked") == ["file.txt"])
    }

    @Test("a write removes the stale temporaries a killed writer left in its folder, and nothing else")
    func writeRemovesStaleTemporaries() throws {
        // A process that has exited: its id is in the name of the temporaries it "left".
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/true")
        try child.run()
        child.waitUntilExit()
        let dead = child.processIdentifier
        let old = Date().addingTimeInterval(-600)
        let planted = [
            "stale": ".llmdo-write-\(dead)-1f2e3d.tmp",  // dead owner, old: removed
            "fresh": ".llmdo-write-\(dead)-4c5b6a.tmp",  // dead owner, just written: kept for now
            "live": ".llmdo-write-\(getpid())-abc.tmp",  // this process: kept
            "other": ".llmdo-write-notes.tmp",  // not llmdo's naming: kept
        ]
        for (role, name) in planted {
            try base.write("notes/\(name)", "partial")
            if role != "fresh" {
                try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: base.path + "/notes/" + name)
            }
        }
        _ = try tools.run(tool: "write_file", arguments: ["path": "notes/log.txt", "content": "x"])
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: base.path + "/notes"))
        #expect(names == Set(planted.filter { $0.key != "stale" }.values).union(["log.txt"]))
    }

    @Test("write_file describes the call for the approval prompt")
    func writeDescription() {
        let need = tools.approvalNeed(tool: "write_file", arguments: ["path": "notes/activity.log", "content": .string(String(repeating: "x", count: 1234))])
        #expect(need.description == "write 1,234 chars to notes/activity.log")
        #expect(need.required == nil)
    }

    @Test("read-only toolsets have no write_file, even when called directly")
    func readOnly() async throws {
        let readOnly = FilesystemToolset.Instance(folder: try BaseFolder(base.path), readOnly: true)
        let message = await toolErrorMessage { try readOnly.run(tool: "write_file", arguments: ["path": "x", "content": "y"]) }
        #expect(message?.contains("no tool 'write_file'") == true)
        #expect(!base.exists("x"))
    }

    @Test("list_files matches globs, sorts, and gives paths relative to the base")
    func listGlobs() throws {
        for path in ["b.txt", "a.md", "src/z.swift", "src/lib/y.swift", "src/lib/x.txt", ".hidden/h.swift"] {
            try base.write(path, "")
        }
        func list(_ arguments: JSONValue) throws -> [String] {
            try tools.run(tool: "list_files", arguments: arguments).jsonValue["files"]?.arrayValue?.compactMap(\.stringValue) ?? []
        }
        #expect(try list([:]) == [".hidden/h.swift", "a.md", "b.txt", "src/lib/x.txt", "src/lib/y.swift", "src/z.swift"])
        #expect(try list(["pattern": "*.txt"]) == ["b.txt"])
        #expect(try list(["pattern": "**/*.swift"]) == [".hidden/h.swift", "src/lib/y.swift", "src/z.swift"])
        #expect(try list(["path": "src", "pattern": "*/?.swift"]) == ["src/lib/y.swift"])
        #expect(try list(["path": "src", "pattern": "**"]) == ["src/lib/x.txt", "src/lib/y.swift", "src/z.swift"])
        #expect(try list(["pattern": "**/lib/**/*.txt"]) == ["src/lib/x.txt"])
        #expect(try list(["pattern": "**/**/**/**/**/**/**/**/*.md"]) == ["a.md"])
    }

    @Test("list_files is bounded and says so")
    func listBounded() throws {
        for index in 0..<(ListFiles.maxResults + 5) { try base.write("many/f\(index).txt", "") }
        let result = try tools.run(tool: "list_files", arguments: ["path": "many"]).jsonValue
        #expect(result["files"]?.arrayValue?.count == ListFiles.maxResults)
        #expect(result["truncated"] == true)
        #expect(result["note"]?.stringValue?.contains("of 1,005 matches") == true)
    }

    @Test("list_files does not enter symlinked folders")
    func listSkipsSymlinkedFolders() throws {
        let outside = try TemporaryFolder()
        try outside.write("secret.txt", "x")
        try base.symlink("out", to: outside.path)
        try base.write("in.txt", "")
        let files = try tools.run(tool: "list_files", arguments: [:]).jsonValue["files"]
        #expect(files == ["in.txt", "out"])
    }
}
