import Foundation
import Testing

@testable import LLMDo

/// `init` and `shutdown` exactly once per plugin image through the real binary, for every
/// command, and reloads that no other user can hijack.
@Suite struct PluginLifecycleCLITests {
    /// A project whose folder holds the lifecycle plugin (see ``LifecyclePlugin``), whose
    /// `blocked` returns at once.
    static func project() throws -> (TemporaryProject, LifecyclePlugin) {
        let project = try TemporaryProject(files: [
            "project.json": PluginImageTests.manifest, "main.worker": PluginImageTests.main, "go": "",
        ])
        return (project, try LifecyclePlugin(in: project.root))
    }

    @Test func everyCommandInitializesAndShutsDownOnce() throws {
        let (project, plugin) = try Self.project()
        // Twenty of each: before, shutdown ran at exit only sometimes.
        for round in 1...20 {
            let check = try CLITests.run(["check", project.root])
            #expect(check.status == 0, "\(check.stderr)")
            let run = try CLITests.run([project.root, "--model", "test", "go"])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout.contains("helper: 42"))
            #expect(plugin.count("init") == 2 * round && plugin.count("shutdown") == 2 * round, "round \(round): \(plugin.log)")
        }
        let tools = try CLITests.run(["tools", project.root])
        #expect(tools.status == 0)
        let failing = try CLITests.run(["check", project.root, "--no-such-option"])
        #expect(failing.status == 2)
        #expect(plugin.count("init") == 41 && plugin.count("shutdown") == 41, "\(plugin.log)")
        #expect(plugin.log.allSatisfy { !$0.hasPrefix("shutdown") || $0.hasSuffix("busy=0") })
    }

    @Test func aChatReloadShutsDownEachImageOnce() throws {
        let (project, plugin) = try Self.project()
        let real = PluginImageTests.realPath(plugin.path)
        // TMPDIR holds a pre-made folder under the name older llmdo versions used for their
        // copies, writable by anyone and with a library planted in it: a reload must not use it.
        let temporary = project.root + "/tmp"
        let hostile = "\(temporary)/llmdo-plugins-\(getuid())"
        try FileManager.default.createDirectory(atPath: hostile, withIntermediateDirectories: true)
        chmod(hostile, 0o777)
        try "planted".write(toFile: "\(hostile)/liblife.so", atomically: false, encoding: .utf8)

        let chat = try ChatProcess(["--model", "test", project.root, "--chat"], environment: ["TMPDIR": temporary])
        chat.send("a")
        #expect(chat.readLine() == "test model called 4 tools")
        #expect(chat.readLine() == #"where: {"version":"1","plugin_path":"\#(real)","dladdr":"\#(real)"}"#)
        #expect(chat.readLine() == "neighbour: 7")
        #expect(chat.readLine() == "blocked: 1")
        #expect(chat.readLine() == "helper: 42")
        try plugin.build(version: "2")
        chat.send("/reload")
        #expect(chat.readLine()?.hasPrefix("reloaded: generation 2:") == true)
        chat.send("b")
        #expect(chat.readLine() == "test model called 4 tools")
        let reloaded = chat.readLine() ?? ""
        // Mapped through the private folder's descriptor, never from the predictable folder.
        #expect(reloaded.hasPrefix(#"where: {"version":"2","plugin_path":"\#(real)","dladdr":"/proc/self/fd/"#), "\(reloaded)")
        #expect(!reloaded.contains("llmdo-plugins-"))
        #expect(chat.readLine() == "neighbour: 7")
        #expect(chat.readLine() == "blocked: 1")
        #expect(chat.readLine() == "helper: 42")
        chat.send("/exit")
        #expect(chat.waitForExit() == 0)

        #expect(plugin.log.filter { $0.hasPrefix("init") } == ["init 1 \(real)", "init 2 \(real)"])
        #expect(plugin.count("shutdown 1") == 1 && plugin.count("shutdown 2") == 1, "\(plugin.log)")
        // The planted folder is untouched, and the private copy's folder is gone.
        #expect(try FileManager.default.contentsOfDirectory(atPath: hostile) == ["liblife.so"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary) == ["llmdo-plugins-\(getuid())"])
    }

    @Test func aReloadThatCannotMakeItsPrivateCopySaysWhy() throws {
        let (project, plugin) = try Self.project()
        let chat = try ChatProcess(["--model", "test", project.root, "--chat"], environment: ["TMPDIR": project.root + "/missing"])
        try plugin.build(version: "2")
        chat.send("/reload")
        #expect(chat.readLine() == "reload failed; the previous version keeps serving:")
        let line = chat.readLine() ?? ""
        #expect(line.contains("cannot make a private copy of the plugin file \(project.root)/./liblife.so in \(project.root)/missing to reload it: No such file or directory"), "\(line)")
        chat.send("/exit")
        #expect(chat.waitForExit() == 0)
        #expect(plugin.count("init") == 1 && plugin.count("shutdown") == 1, "\(plugin.log)")
    }
}
