import Foundation
import Testing

@testable import LLMDo

/// How plugin images are loaded and retired: the first load maps the user's file itself (so
/// `$ORIGIN` siblings and `dladdr` work), a reload of a changed file maps a private copy that
/// still finds its siblings, `plugin_path` names the user's file either way, and `init` /
/// `shutdown` run once per image.
@Suite struct PluginImageTests {
    /// In-process: these tests are about the host's own images (isolation has its own tests).
    static let manifest = #"{"version": 1, "worker_files": ["main.worker"], "plugin_files": [{"path": "./liblife.so", "isolation": "none"}]}"#
    static let main = workerFile("name: main\nentry: true\ntoolsets: [life]", body: "Probe.")

    /// Calls `where`, `helper` and `neighbour(via)` once each, then answers with their results joined by "|".
    static func prober(via: String) -> FunctionModel {
        FunctionModel { request in
            let results = request.lastToolResults
            if !results.isEmpty { return .text(results.map(\.content).joined(separator: "|")) }
            return .toolCalls([.make("where", [:]), .make("helper", [:]), .make("neighbour", ["via": .string(via)])])
        }
    }

    /// A project whose folder holds the plugin and its siblings.
    static func fixture(via: String) throws -> (EchoPromptProject, LifecyclePlugin) {
        let fixture = try EchoPromptProject(model: prober(via: via), files: ["project.json": manifest, "main.worker": main], load: false)
        let plugin = try LifecyclePlugin(in: fixture.project.root)
        return (try fixture.loaded(), plugin)
    }

    static func realPath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    @Test func theFirstLoadMapsTheUsersFileAndItsSiblings() async throws {
        let (fixture, plugin) = try Self.fixture(via: "dladdr")
        let real = Self.realPath(plugin.path)
        let reply = try await fixture.reply()
        #expect(reply == #"{"version":"1","plugin_path":"\#(real)","dladdr":"\#(real)"}|42|7"#)
        #expect(plugin.log == ["init 1 \(real)"])
    }

    @Test func aReloadMapsAPrivateCopyThatStillFindsItsSiblings() async throws {
        let (fixture, plugin) = try Self.fixture(via: "plugin_path")
        let real = Self.realPath(plugin.path)
        let watcher = ProjectWatcher(runtime: fixture.runtime, projectPath: fixture.project.root)
        #expect(try await fixture.reply().hasSuffix(#""dladdr":"\#(real)"}|42|7"#))

        try plugin.build(version: "2")
        try watcher.reloadNow()
        let reply = try await fixture.reply()
        let parts = reply.split(separator: "|").map(String.init)
        // The copy is mapped from a private folder (dladdr names it); plugin_path names the
        // user's file; libhelper.so still resolves through $ORIGIN; libneighbour.so is found
        // beside plugin_path.
        #expect(parts.first?.hasPrefix(#"{"version":"2","plugin_path":"\#(real)","dladdr":"/proc/self/fd/"#) == true, "\(reply)")
        #expect(Array(parts.dropFirst()) == ["42", "7"])
        // The old image shuts down once the program that held it is gone; the new one is live.
        #expect(try await eventually() { plugin.count("shutdown 1") == 1 })
        #expect(plugin.log.filter { $0.hasPrefix("init") } == ["init 1 \(real)", "init 2 \(real)"])
        #expect(plugin.count("shutdown 2") == 0)
    }

    @Test func aReplacedImageShutsDownOnlyAfterItsLastCallReturns() async throws {
        let model = FunctionModel { request in
            if let result = request.lastToolResults.first { return .text(result.content) }
            return .toolCalls([.make(request.system.contains("Block") ? "blocked" : "where", [:])])
        }
        let fixture = try EchoPromptProject(
            model: model, files: ["project.json": Self.manifest, "main.worker": workerFile("name: main\nentry: true\ntoolsets: [life]", body: "Block.")],
            load: false)
        let plugin = try LifecyclePlugin(in: fixture.project.root)
        let loaded = try fixture.loaded()
        let watcher = ProjectWatcher(runtime: loaded.runtime, projectPath: fixture.project.root)
        let inFlight = Task { try await loaded.reply() }
        #expect(try await eventually() { plugin.count("blocked 1") == 1 })
        try plugin.build(version: "2")
        try watcher.reloadNow()
        // The call of the old image is still blocked: its image must not shut down yet.
        #expect(plugin.count("init 2") == 1)
        #expect(plugin.count("shutdown") == 0)
        try "".write(toFile: "\(plugin.folder)/go", atomically: false, encoding: .utf8)
        #expect(try await inFlight.value == "1")
        #expect(try await eventually() { plugin.count("shutdown 1") == 1 })
        #expect(plugin.log.contains("shutdown 1 busy=0"))
        #expect(plugin.count("shutdown 2") == 0)
    }

    @Test func loadingAnUnchangedFileAgainReusesTheLiveImage() throws {
        let plugin = try LifecyclePlugin()
        defer { plugin.remove() }
        let first = try PluginLoading.load(declaredPath: plugin.path, projectRoot: "/")
        for _ in 0..<3 { _ = try PluginLoading.load(declaredPath: plugin.path, projectRoot: "/") }
        #expect(plugin.count("init") == 1)
        #expect(first.toolsets.map(\.name) == ["life"])
    }

    @Test func concurrentLoadsOfOneFileInitializeOneImage() async throws {
        let plugin = try LifecyclePlugin()
        defer { plugin.remove() }
        let path = plugin.path
        let loaded = try await withThrowingTaskGroup(of: LoadedPlugin.self) { group in
            for _ in 0..<8 {
                // dlopen blocks: on plugin threads, as the loader's callers do.
                group.addTask { try await PluginThreads.shared.run { Result { try PluginLoading.load(declaredPath: path, projectRoot: "/") } }.get() }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(loaded.count == 8)
        #expect(plugin.count("init") == 1)
    }

    @Test func aReleasedImageShutsDownOnceAndIsNeverInitializedAgain() async throws {
        let plugin = try LifecyclePlugin()
        defer { plugin.remove() }
        _ = try PluginLoading.load(declaredPath: plugin.path, projectRoot: "/")  // released at once
        #expect(try await eventually() { plugin.count("shutdown") == 1 })
        // The same unchanged file again: its image is retired, so a fresh copy gets its own init.
        let again = try PluginLoading.load(declaredPath: plugin.path, projectRoot: "/")
        #expect(plugin.count("init") == 2)
        #expect(plugin.count("shutdown") == 1)
        #expect(again.toolsets.map(\.name) == ["life"])
    }

    @Test func pluginPathKnowsNothingOutsidePlugins() throws {
        // libc's code and host heap memory belong to no plugin image: plugin_path returns NULL.
        let libc = try #require(dlsym(dlopen(nil, RTLD_NOW), "malloc"))
        #expect(PluginLifecycle.realPath(containing: UnsafeRawPointer(libc)) == nil)
        #expect(PluginLifecycle.realPath(containing: UnsafeRawPointer(HostTable.api)) == nil)
    }

    @Test func anImageWhoseInitFailsIsNeverShutDown() throws {
        let plugin = try LifecyclePlugin(variant: "VARIANT_INIT_FAILS")
        defer { plugin.remove() }
        let error = #expect(throws: ProjectError.self) { try PluginLoading.load(declaredPath: plugin.path, projectRoot: "/") }
        #expect(error?.description.contains("plugin init failed (status 2): deliberately refused") == true)
        #expect(plugin.count("init") == 1)
        #expect(plugin.count("shutdown") == 0)
    }
}
