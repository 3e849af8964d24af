import Foundation
import Synchronization
import Testing

@testable import LLMDo

/// Builds and finds the plugins the tests load: C fixtures compiled with `cc` (once per
/// process and variant), and the package's own plugin products from the build folder.
enum Fixtures {
    /// The package root (this file is Tests/PluginTests/Fixtures.swift).
    static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    static let header = "\(packageRoot)/Sources/LLMDoToolABI/include"
    static let scratch: String = {
        let path = NSTemporaryDirectory() + "llmdo-plugin-tests-\(getpid())"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    private static let built = Mutex<[String: String]>([:])

    /// Compiles a C plugin (sources relative to the package root) with the documented flags;
    /// `compiler` and `language` (the warning and standard flags) change for C++ plugins;
    /// `includes` are searched before the package's header (e.g. a frozen older header).
    static func compile(
        _ source: String, defines: [String] = [], includes: [String] = [], name: String, compiler: String = "/usr/bin/cc",
        language: [String] = ["-std=c11", "-Wall", "-Werror"]
    ) throws -> String {
        if let path = built.withLock({ $0[name] }) { return path }
        // Tests run in parallel: build under a unique name, then rename into place.
        let output = "\(scratch)/\(name).so"
        let partial = "\(scratch)/\(name)-\(UUID().uuidString).so"
        try run(
            compiler,
            language + ["-fPIC", "-shared", "-fvisibility=hidden", "-Wl,-Bsymbolic"]
                + (includes + [header]).flatMap { ["-I", $0] } + defines.map { "-D\($0)" } + ["-o", partial, "\(packageRoot)/\(source)"])
        guard rename(partial, output) == 0 else { throw FixtureError(message: "cannot rename \(partial)") }
        built.withLock { $0[name] = output }
        return output
    }

    /// The test plugin, plain or with one VARIANT_* macro.
    static func testPlugin(_ variant: String? = nil) throws -> String {
        try compile("Tests/Fixtures/plugins/test_plugin.c", defines: variant.map { [$0] } ?? [], name: variant ?? "test_plugin")
    }

    /// Runs a program; throws with its output when it fails.
    static func run(_ executable: String, _ arguments: [String], in directory: String? = nil) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw FixtureError(message: "\(executable) \(arguments.joined(separator: " ")) failed:\n\(String(decoding: output, as: UTF8.self))")
        }
    }

    /// Loads a plugin file by path.
    static func load(_ path: String, root: String = packageRoot) throws -> LoadedPlugin {
        try PluginLoading.load(declaredPath: path, projectRoot: root)
    }

    /// A package plugin product (`libcalc_tools.so`), found the way `plugin_files` finds it.
    /// Needs `swift build` first (the Makefile runs it before the tests).
    static func product(_ file: String) throws -> LoadedPlugin {
        try PluginLoading.load(declaredPath: file, projectRoot: packageRoot, searchPath: [])
    }
}

struct FixtureError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// A code entry that runs a closure: how the tests call tools and workers "as code".
struct ClosureEntry: CodeEntry {
    let name = "test_entry"
    let body: @Sendable (CallScope) async throws -> JSONValue
    func run(input: JSONValue, scope: CallScope) async throws -> JSONValue { try await body(scope) }
}

/// A program over some plugins, with workers and an entry.
func makeProgram(
    plugins: [LoadedPlugin], workers: [WorkerSpec] = [], entry: Entry, root: String = Fixtures.packageRoot,
    maxDepth: Int = 5, limits: UsageLimits = UsageLimits()
) -> Program {
    var toolsets: [String: any Toolset] = [:]
    for plugin in plugins { for toolset in plugin.toolsets { toolsets[toolset.name] = toolset } }
    var runtime = RuntimeConfig()
    runtime.maxDepth = maxDepth
    runtime.approvalMode = .approveAll
    runtime.usageLimits = limits
    return Program(
        projectRoot: root, manifest: Manifest(path: "\(root)/project.json", runtime: runtime),
        workers: Dictionary(uniqueKeysWithValues: workers.map { ($0.name, $0) }), toolsets: toolsets, plugins: plugins,
        entry: entry)
}

/// Runs `body` as a code entry over a plugin and returns its output.
func runAsCode(
    _ plugin: LoadedPlugin, workers: [WorkerSpec] = [], models: [String: any Model] = [:],
    _ body: @escaping @Sendable (CallScope) async throws -> JSONValue
) async throws -> JSONValue {
    let program = makeProgram(plugins: [plugin], workers: workers, entry: .code(ClosureEntry(body: body)))
    return try await Runtime(program: program, options: RuntimeOptions(models: models)).run(input: "go").output
}
