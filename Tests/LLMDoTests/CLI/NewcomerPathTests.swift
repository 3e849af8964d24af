import Foundation
import Testing

/// What a newcomer meets first, through the built binary: the examples on the `test` model,
/// `tools` and `check` on the wrong kind of path, and the documented tool result shapes.
/// (scripts/test-readme.sh, run by `make test`, runs the README's own commands.)
@Suite struct NewcomerPathTests {
    /// ``CLITests/run(_:stdin:environment:)`` on a thread of its own: waiting for the binary must
    /// not hold one of the few cooperative threads other suites' tasks need.
    static func run(_ arguments: [String], stdin: String? = nil) async throws -> CLITests.Output {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try CLITests.run(arguments, stdin: stdin) }) }.start()
        }
    }

    @Test func calculatorRunsOnItsDefaultInput() async throws {
        let result = try await Self.run(["examples/calculator", "--model", "test"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.hasPrefix("test model called 4 tools\n"))
    }

    /// The shell gets `ls` (its schema's example), not a placeholder the allow-list refuses.
    @Test(arguments: ["examples/code_analyzer", "examples/file_organizer"])
    func shellExamplesShowRealOutput(_ example: String) async throws {
        let result = try await Self.run([example, "--model", "test"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.contains("shell: {\"exit_code\":0"), "stdout: \(result.stdout)")
        #expect(result.stdout.contains("Package.swift"), "ls ran in the working directory: \(result.stdout)")
        #expect(!result.stdout.contains("(error)"), "stdout: \(result.stdout)")
    }

    @Test func toolsOnAProjectWithoutPluginsSaysSo() async throws {
        let result = try await Self.run(["tools", "examples/greeter"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("no plugins: "))
        #expect(result.stdout.contains("examples/greeter/project.json has no plugin_files"))
        let json = try await Self.run(["tools", "examples/greeter", "--json"])
        #expect(json.stdout.contains(#""plugins" : ["#) || json.stdout.contains(#""plugins": ["#), "stdout: \(json.stdout)")
    }

    /// A versioned library name is a plugin, whether or not it is an llmdo plugin; a project
    /// command names it as one instead of reading it as a manifest.
    @Test func aVersionedSharedLibraryIsTakenAsAPlugin() async throws {
        let folder = NSTemporaryDirectory() + "llmdo-newcomer-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let library = folder + "/libcalc_tools.so.1"
        let built = (CLITests.binary as NSString).deletingLastPathComponent + "/libcalc_tools.so"
        try FileManager.default.copyItem(atPath: built, toPath: library)

        let tools = try await Self.run(["tools", library])
        #expect(tools.status == 0, "stderr: \(tools.stderr)")
        #expect(tools.stdout.contains("toolset calc_tools"))

        let check = try await Self.run(["check", library])
        #expect(check.status == 2)
        #expect(check.stderr.contains("this is a shared library (a plugin) or other compiled file, not a project"), "stderr: \(check.stderr)")
        #expect(check.stderr.contains("llmdo tools \(library)"))
        #expect(!check.stderr.contains("not UTF-8"))

        let missing = try await Self.run(["tools", folder + "/libx.so.1"])
        #expect(missing.status == 2)
        #expect(!missing.stderr.contains("manifest"), "stderr: \(missing.stderr)")
    }

    /// A folder is a project whatever its name.
    @Test func aFolderNamedLikeALibraryIsAProject() async throws {
        let folder = NSTemporaryDirectory() + "llmdo-newcomer-\(UUID().uuidString)/notes.so.d"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: (folder as NSString).deletingLastPathComponent) }
        try #"{"version": 1, "worker_files": ["main.worker"]}"#.write(toFile: folder + "/project.json", atomically: true, encoding: .utf8)
        try "---\nname: main\nentry: true\n---\nHi\n".write(toFile: folder + "/main.worker", atomically: true, encoding: .utf8)
        let result = try await Self.run(["check", folder])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.contains("entry: worker main"))
    }

    /// Paths that are not projects are named for what they are, with what was expected.
    @Test(arguments: [
        (["check", "examples"], "examples: this folder has no project.json, so it is not a project; its subfolders approvals_demo, calculator, code_analyzer, file_organizer, greeter, … are projects"),
        (["tools", "README.md"], "README.md: this is not a project manifest (a JSON object); pass the project.json or the folder that holds it"),
        (["check", "examples/greeter/main.worker"], "examples/greeter/main.worker: this is a worker file, not a project; pass the project.json or the folder that holds it"),
        (["examples/greeter/main.worker", "--model", "test", "Hi"], "examples/greeter/main.worker: this is a worker file, not a project; pass the project.json or the folder that holds it"),
    ])
    func notAProject(arguments: [String], message: String) async throws {
        let result = try await Self.run(arguments)
        #expect(result.status == 2)
        #expect(result.stderr == "error: \(message)\n")
    }

    /// The manifest's errors and the worker files' errors come out of one `check`.
    @Test func checkReportsManifestAndWorkerErrorsTogether() async throws {
        let project = try TemporaryProject(files: [
            "project.json": #"{"version": 1, "runtime": {"max_depth": "5"}, "worker_files": ["main.worker"]}"#,
            "main.worker": "---\nname: main\nentry: true\ntoolset: [filesystem_project]\n---\nHi\n",
        ])
        let result = try await Self.run(["check", project.root])
        #expect(result.status == 2)
        #expect(result.stderr.contains("runtime.max_depth"), "stderr: \(result.stderr)")
        #expect(result.stderr.contains("main.worker:4: toolset: unknown field; did you mean 'toolsets'?"), "stderr: \(result.stderr)")
        #expect(result.stderr.contains("2 errors in "))
    }

    @Test func readFileRefusesAnASCIIPDF() async throws {
        let project = try TemporaryProject(files: [
            "project.json": #"{"version": 1, "worker_files": ["main.worker"]}"#,
            "main.worker": "---\nname: main\nentry: true\ntoolsets: [filesystem_project_ro]\n---\nHi\n",
            "deck.pdf": "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n",
        ])
        let result = try await Self.run(["call", project.root, "filesystem_project_ro.read_file", #"{"path": "deck.pdf"}"#])
        #expect(result.status != 0)
        #expect((result.stdout + result.stderr).contains("'deck.pdf' is a PDF file, not text"), "\(result.stdout)\(result.stderr)")
    }

    @Test func listFilesReturnsFilesAndTruncatedRelativeToTheBase() async throws {
        let project = try TemporaryProject(files: [
            "project.json": #"{"version": 1, "worker_files": ["main.worker"]}"#,
            "main.worker": "---\nname: main\nentry: true\ntoolsets: [filesystem_project_ro]\n---\nHi\n",
            "notes/b.md": "b", "notes/a.md": "a",
        ])
        let result = try await Self.run(["call", project.root, "filesystem_project_ro.list_files", #"{"path": "notes"}"#, "--json"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout == #"{"status":"ok","output":{"files":["notes/a.md","notes/b.md"],"truncated":false}}"# + "\n")
    }
}
