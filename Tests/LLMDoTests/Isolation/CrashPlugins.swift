import Foundation

/// Builds the misbehaving plugins of `Tests/Fixtures/plugins/crash_plugin.{c,cpp,rs}` into a
/// project folder, with a manifest that runs them isolated.
enum CrashPlugins {
    static let packageRoot = CLITests.packageRoot
    static let header = "\(packageRoot)/Sources/LLMDoToolABI/include"
    static let source = "\(packageRoot)/Tests/Fixtures/plugins/crash_plugin"

    /// `rustc` on PATH, if any (the Rust plugin's test is skipped, saying so, without it).
    static let rustc: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        return path.split(separator: ":").map { "\($0)/rustc" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    enum Language {
        /// C, with `-D` defines (`CRASH_SEGV`, `CRASH_ON=3`, …).
        case c([String])
        case cpp
        case rust
        /// `Tests/Fixtures/plugins/test_plugin.c`: every host service (the plugin tests' plugin).
        case testPlugin
    }

    /// A project whose entry worker uses `toolsets`, with `libcrash.so` listed as `plugin` (the
    /// `plugin_files` entry's JSON; `{PATH}` stands for the file).
    static func project(
        _ language: Language, plugin: String = #"{"path": "./libcrash.so", "isolation": "process"}"#,
        toolsets: String = "crashy", workers: [String: String] = [:]
    ) throws -> TemporaryProject {
        let files = ["main.worker"] + workers.keys.sorted()
        let list = files.map { "\"\($0)\"" }.joined(separator: ", ")
        let manifest = #"{"version": 1, "worker_files": [\#(list)], "plugin_files": [\#(plugin)]}"#
        var contents = workers
        contents["project.json"] = manifest
        contents["main.worker"] = workerFile("name: main\nentry: true\ntoolsets: [\(toolsets)]", body: "Go.")
        let project = try TemporaryProject(files: contents)
        let output = "\(project.root)/libcrash.so"
        switch language {
        case .c(let defines):
            try run(
                "/usr/bin/cc",
                ["-std=c11", "-Wall", "-Werror", "-fPIC", "-shared", "-fvisibility=hidden", "-I", header]
                    + defines.map { "-D\($0)" } + ["-o", output, "\(source).c"])
        case .testPlugin:
            try run(
                "/usr/bin/cc",
                ["-std=c11", "-Wall", "-Werror", "-fPIC", "-shared", "-fvisibility=hidden", "-I", header, "-o", output,
                 "\(packageRoot)/Tests/Fixtures/plugins/test_plugin.c"])
        case .cpp:
            try run(
                "/usr/bin/c++",
                ["-std=c++17", "-Wall", "-Werror", "-fPIC", "-shared", "-fvisibility=hidden", "-fno-gnu-unique", "-I", header,
                 "-o", output, "\(source).cpp"])
        case .rust:
            guard let rustc else { throw CrashPluginError(message: "rustc not found on PATH") }
            try run(rustc, ["--edition", "2021", "--crate-type", "cdylib", "-O", "-o", output, "\(source).rs"])
        }
        return project
    }

    /// Runs a compiler; its messages go to the test's own stderr.
    private static func run(_ executable: String, _ arguments: [String]) throws {
        let process = try Process.run(URL(fileURLWithPath: executable), arguments: arguments)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CrashPluginError(message: "\(executable) \(arguments.joined(separator: " ")) failed (see stderr)")
        }
    }
}

struct CrashPluginError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
