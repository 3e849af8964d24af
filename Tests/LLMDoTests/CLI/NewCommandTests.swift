import Foundation
import Testing

/// `llmdo new plugin` and `llmdo --print-include-dir` through the built binary: each language's
/// scaffold builds with its own Makefile and passes `llmdo check` and `llmdo call` unchanged.
@Suite struct NewCommandTests {
    static func onPath(_ program: String) -> Bool {
        (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
            .contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(program)") }
    }

    static func scratch() throws -> String {
        let folder = NSTemporaryDirectory() + "llmdo-new-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    /// Scaffolds, builds with `make`, then checks and calls through the binary.
    func scaffoldBuildsAndChecks(_ language: String) throws {
        let folder = try Self.scratch() + "/my-\(language)"
        let created = try CLITests.run(["new", "plugin", "my-\(language)", "--lang", language, "--dir", folder])
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout.hasPrefix("created \(folder)/ (\(language) plugin 'my-\(language)')"))
        let make = Process()
        make.executableURL = URL(fileURLWithPath: "/usr/bin/make")
        make.arguments = ["-s", "-C", folder]
        let log = Pipe()
        make.standardOutput = log
        make.standardError = log
        try make.run()
        let output = String(decoding: log.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        make.waitUntilExit()
        try #require(make.terminationStatus == 0, "make failed:\n\(output)")
        let check = try CLITests.run(["check", folder])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.contains("my-\(language)"))
        let call = try CLITests.run(["call", folder, "my-\(language).hello", #"{"name": "Ada \"A\""}"#])
        #expect(call.status == 0, "\(call.stderr)")
        #expect(call.stdout.contains(#"Ada \"A\""#) || call.stdout.contains(#"hello, Ada "A""#), "\(call.stdout)")
    }

    @Test func cScaffold() throws { try scaffoldBuildsAndChecks("c") }

    @Test(.enabled(if: onPath("rustc"), "rustc is not on PATH: the Rust scaffold is not built"))
    func rustScaffold() throws { try scaffoldBuildsAndChecks("rust") }

    @Test(.enabled(if: onPath("swiftc"), "swiftc is not on PATH: the Swift scaffold is not built"))
    func swiftScaffold() throws { try scaffoldBuildsAndChecks("swift") }

    @Test func badNamesAndBusyFoldersAreRefused() throws {
        let bad = try CLITests.run(["new", "plugin", "no spaces", "--lang", "c"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("'no spaces' is not a valid plugin name"))
        let long = try CLITests.run(["new", "plugin", String(repeating: "a", count: 65), "--lang", "c"])
        #expect(long.status == 2)
        let kind = try CLITests.run(["new", "project", "x", "--lang", "c"])
        #expect(kind.status == 2)
        #expect(kind.stderr.contains("llmdo new can create: plugin"))
        let language = try CLITests.run(["new", "plugin", "x", "--lang", "cobol"])
        #expect(language.status == 2)
        let busy = try Self.scratch()
        try "keep".write(toFile: busy + "/file.txt", atomically: true, encoding: .utf8)
        let refused = try CLITests.run(["new", "plugin", "x", "--lang", "c", "--dir", busy])
        #expect(refused.status == 2)
        #expect(refused.stderr == "error: \(busy) already exists and is not empty; choose another --dir\n")
        #expect((try? FileManager.default.contentsOfDirectory(atPath: busy)) == ["file.txt"])
    }

    @Test func printIncludeDirFindsTheHeaders() throws {
        let result = try CLITests.run(["--print-include-dir"])
        #expect(result.status == 0)
        #expect(result.stdout == CLITests.packageRoot + "/Sources/LLMDoToolABI/include\n")
    }
}
