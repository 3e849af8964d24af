import Foundation
import Testing
@testable import LLMDo

/// Adversarial paths against the file tools: every one must be refused with a clear message,
/// and nothing outside the base may be read or written.
@Suite("Path confinement")
struct PathConfinementTests {
    let outside: TemporaryFolder
    let base: TemporaryFolder
    let tools: FilesystemToolset.Instance

    init() throws {
        outside = try TemporaryFolder()
        base = try TemporaryFolder()
        try outside.write("secret.txt", "top secret")
        try base.write("notes/a.txt", "hello")
        tools = FilesystemToolset.Instance(folder: try BaseFolder(base.path), readOnly: false)
    }

    private func refusal(_ tool: String, _ arguments: JSONValue) async -> String? {
        await toolErrorMessage { try tools.run(tool: tool, arguments: arguments) }
    }

    @Test("'..' escapes are refused", arguments: ["../secret.txt", "notes/../../secret.txt", "..", "notes/../.."])
    func dotDotEscape(path: String) async throws {
        let message = try #require(await refusal("read_file", ["path": .string(path)]))
        #expect(message.contains("outside the base folder"))
        #expect(!message.contains(outside.path))
    }

    @Test("'..' that stays inside is fine")
    func dotDotInside() throws {
        let output = try tools.run(tool: "read_file", arguments: ["path": "notes/../notes/a.txt"])
        #expect(output.jsonValue["content"] == "hello")
    }

    @Test("absolute paths are refused, even inside the base")
    func absolute() async throws {
        for path in [outside.path + "/secret.txt", base.path + "/notes/a.txt", "/etc/passwd"] {
            let message = try #require(await refusal("read_file", ["path": .string(path)]))
            #expect(message.contains("absolute path"))
        }
    }

    @Test("a symlink inside the base pointing outside is refused for reading and writing")
    func symlinkOut() async throws {
        try base.symlink("link.txt", to: outside.path + "/secret.txt")
        let read = try #require(await refusal("read_file", ["path": "link.txt"]))
        #expect(read.contains("outside the base folder"))
        #expect(!read.contains(outside.path))
        let write = try #require(await refusal("write_file", ["path": "link.txt", "content": "pwned"]))
        #expect(write.contains("outside the base folder"))
        #expect(outside.read("secret.txt") == "top secret")
    }

    @Test("a symlinked parent folder pointing outside is refused, also for new files in it")
    func symlinkedParent() async throws {
        try base.symlink("out", to: outside.path)
        #expect(await refusal("read_file", ["path": "out/secret.txt"])?.contains("outside the base folder") == true)
        #expect(await refusal("write_file", ["path": "out/new.txt", "content": "x"])?.contains("outside the base folder") == true)
        #expect(await refusal("write_file", ["path": "out/deep/new.txt", "content": "x"]) != nil)
        #expect(await refusal("list_files", ["path": "out"])?.contains("outside the base folder") == true)
        #expect(!outside.exists("new.txt") && !outside.exists("deep"))
    }

    @Test("a dangling symlink is not written through")
    func danglingSymlink() async throws {
        try base.symlink("dangling.txt", to: outside.path + "/created-by-model.txt")
        let message = try #require(await refusal("write_file", ["path": "dangling.txt", "content": "x"]))
        #expect(message.contains("symbolic link"))
        #expect(!outside.exists("created-by-model.txt"))
    }

    @Test("a symlink that stays inside the base works")
    func symlinkInside() throws {
        try base.symlink("alias.txt", to: "notes/a.txt")
        #expect(try tools.run(tool: "read_file", arguments: ["path": "alias.txt"]).jsonValue["content"] == "hello")
    }

    @Test("names with control characters are refused", arguments: ["a\nb.txt", "notes/x\r.txt", "tab\there", "esc\u{1B}[31m"])
    func controlCharacters(path: String) async throws {
        let message = try #require(await refusal("write_file", ["path": .string(path), "content": "x"]))
        #expect(message.contains("control character"))
    }

    @Test("very long names and paths are refused before touching the file system")
    func longNames() async throws {
        let longName = String(repeating: "n", count: 300)
        #expect(await refusal("write_file", ["path": .string(longName), "content": "x"])?.contains("255 bytes per name") == true)
        let longPath = Array(repeating: "abcdefgh", count: 600).joined(separator: "/")
        #expect(await refusal("write_file", ["path": .string(longPath), "content": "x"])?.contains("the limit is 4096") == true)
        #expect(await refusal("read_file", ["path": ""])?.contains("empty") == true)
    }

    @Test("'..' below a missing folder is refused")
    func dotDotAfterMissing() async throws {
        let message = try #require(await refusal("write_file", ["path": "missing/../../x.txt", "content": "x"]))
        #expect(message.contains("'..'"))
    }
}
