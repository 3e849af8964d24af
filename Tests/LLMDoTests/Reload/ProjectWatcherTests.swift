import Foundation
import Synchronization
import Testing
@testable import LLMDo

/// Hot swap of worker files and the manifest, offline with a function model.
@Suite struct ProjectWatcherTests {
    @Test func editedPromptServesTheNextTurn() async throws {
        let fixture = try EchoPromptProject()
        let watcher = ProjectWatcher(runtime: fixture.runtime, projectPath: fixture.project.root)
        watcher.start()
        defer { watcher.stop() }
        #expect(watcher.usesInotify)
        let first = try await fixture.runtime.run(input: "hi")
        #expect(first.output == "v1")

        try fixture.project.write("main.worker", EchoPromptProject.worker("v2"))
        #expect(try await eventually { watcher.generation == 2 })
        let second = try await fixture.runtime.run(input: "again", history: first.messages)
        #expect(second.output == "v2")
        #expect(second.messages.count == 4)
        let report = try #require(fixture.reloads.last?.report)
        #expect(report.changedFiles == ["main.worker"])
        #expect(report.reloaded == ["worker main"])
        #expect(report.trigger == .fileChange)
        #expect(!report.toolSchemasChanged)
    }

    @Test func brokenWorkerKeepsTheOldOneUntilFixed() async throws {
        let fixture = try EchoPromptProject()
        let watcher = ProjectWatcher(runtime: fixture.runtime, projectPath: fixture.project.root)
        watcher.start()
        defer { watcher.stop() }

        try fixture.project.write("main.worker", "---\nname: [main\n---\nv2\n")
        #expect(try await eventually { !fixture.reloads.isEmpty })
        let failed = try #require(fixture.reloads.last)
        #expect(!failed.succeeded)
        #expect(failed.changedFiles == ["main.worker"])
        #expect(failed.error?.contains("main.worker:") == true)
        #expect(failed.summary.contains("generation 1 keeps serving"))
        #expect(fixture.warnings.contains { $0.contains("main.worker") && $0.contains("YAML") })
        #expect(try await fixture.reply() == "v1")
        #expect(watcher.generation == 1)

        try fixture.project.write("main.worker", EchoPromptProject.worker("v3"))
        #expect(try await eventually { watcher.generation == 2 })
        #expect(try await fixture.reply() == "v3")
        #expect(fixture.reloads.last?.succeeded == true)
    }

    @Test func manifestEditAddsAWorker() async throws {
        let fixture = try EchoPromptProject()
        let watcher = ProjectWatcher(runtime: fixture.runtime, projectPath: fixture.project.root)
        watcher.start()
        defer { watcher.stop() }

        try fixture.project.write("helper.worker", EchoPromptProject.worker("helping", name: "helper", entry: false))
        try fixture.project.write("project.json", #"{"version": 1, "worker_files": ["main.worker", "helper.worker"]}"#)
        #expect(try await eventually { watcher.generation == 2 })
        #expect(fixture.runtime.program.workers["helper"] != nil)
        let report = try #require(fixture.reloads.last?.report)
        #expect(report.reloaded == ["manifest", "worker helper (added)"])
        #expect(report.changedToolSchemas == ["helper"])

        // The new worker file is watched from now on.
        try fixture.project.write("helper.worker", EchoPromptProject.worker("helping more", name: "helper", entry: false))
        #expect(try await eventually { watcher.generation == 3 })
        #expect(fixture.runtime.program.workers["helper"]?.instructions.contains("more") == true)
    }

    @Test func aMissingWorkerFileIsWatchedUntilItAppears() async throws {
        let fixture = try EchoPromptProject()
        let watcher = ProjectWatcher(runtime: fixture.runtime, projectPath: fixture.project.root)
        watcher.start()
        defer { watcher.stop() }

        try fixture.project.write("project.json", #"{"version": 1, "worker_files": ["main.worker", "sub/late.worker"]}"#)
        #expect(try await eventually { fixture.reloads.count == 1 })
        #expect(fixture.reloads.last?.error?.contains("not found") == true)
        try fixture.project.write("sub/late.worker", EchoPromptProject.worker("late", name: "late", entry: false))
        #expect(try await eventually { watcher.generation == 2 })
    }

    @Test func touchingWithoutChangeDoesNothing() async throws {
        let fixture = try EchoPromptProject()
        let watcher = ProjectWatcher(runtime: fixture.runtime, projectPath: fixture.project.root)
        watcher.start()
        defer { watcher.stop() }
        // Rewrite the same bytes (a new inode and mtime, same content) and touch the manifest.
        try fixture.project.write("main.worker", EchoPromptProject.worker("v1"))
        #expect(utimes(fixture.project.manifestPath, nil) == 0)
        try await Task.sleep(for: .milliseconds(400))
        #expect(fixture.reloads.isEmpty)
        #expect(watcher.generation == 1)
    }

    @Test func pollingFallbackSeesChanges() async throws {
        let fixture = try EchoPromptProject()
        let watcher = ProjectWatcher(
            runtime: fixture.runtime, projectPath: fixture.project.root,
            options: WatchOptions(mode: .polling, debounce: .milliseconds(30), pollInterval: .milliseconds(20)))
        watcher.start()
        defer { watcher.stop() }
        #expect(!watcher.usesInotify)
        try fixture.project.write("main.worker", EchoPromptProject.worker("polled"))
        #expect(try await eventually { watcher.generation == 2 })
        #expect(try await fixture.reply() == "polled")
    }

    @Test func manualReloadReportsAndThrows() async throws {
        let fixture = try EchoPromptProject()
        let watcher = ProjectWatcher(runtime: fixture.runtime, projectPath: fixture.project.root)
        let unchanged = try watcher.reloadNow()
        #expect(unchanged.changedFiles.isEmpty && unchanged.reloaded.isEmpty && unchanged.generation == 2)
        #expect(unchanged.trigger == .manual)

        try fixture.project.write("main.worker", "---\nname: main\nentry: true\ntoolsets: [nope]\n---\nx\n")
        let error = try #require(throws: ProjectError.self) { try watcher.reloadNow() }
        #expect(error.description.contains("unknown toolset 'nope'"))
        #expect(try await fixture.reply() == "v1")

        try fixture.project.write("main.worker", EchoPromptProject.worker("v2"))
        let report = try await watcher.reload()
        #expect(report.changedFiles == ["main.worker"] && report.generation == 3)
        #expect(try await fixture.reply() == "v2")
    }

    @Test func aCallInFlightFinishesOnItsGeneration() async throws {
        // main asks helper (a worker tool) only after the swap; it must still get the old helper.
        let started = Signal(), release = Signal()
        let model = FunctionModel { request in
            if request.system.contains("helper") { return .text(request.system.trimmingCharacters(in: .whitespacesAndNewlines)) }
            if let result = request.lastToolResults.first { return .text(result.content) }
            started.fire()
            await release.wait()
            return .toolCalls([.make("helper", ["input": "go"])])
        }
        let helper = { (version: String) in workerFile("name: helper", body: "helper \(version)") }
        let fixture = try EchoPromptProject(
            model: model,
            files: [
                "project.json": #"{"version": 1, "worker_files": ["main.worker", "helper.worker"]}"#,
                "main.worker": workerFile("name: main\nentry: true\ntoolsets: [helper]", body: "main"),
                "helper.worker": helper("v1"),
            ])
        let watcher = ProjectWatcher(runtime: fixture.runtime, projectPath: fixture.project.root)
        let inFlight = Task { try await fixture.reply() }
        await started.wait()
        try fixture.project.write("helper.worker", helper("v2"))
        try watcher.reloadNow()
        release.fire()
        #expect(try await inFlight.value == "helper v1")
        #expect(try await fixture.reply() == "helper v2")
    }

    @Test func hundredSwapsWhileCallsRun() async throws {
        let fixture = try EchoPromptProject(prompt: "v0")
        let watcher = ProjectWatcher(runtime: fixture.runtime, projectPath: fixture.project.root)
        watcher.start()  // the watcher's reloads race the manual ones below
        defer { watcher.stop() }
        let progress = SwapProgress()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    while !progress.done.load(ordering: .sequentiallyConsistent) {
                        let floor = progress.published.load(ordering: .sequentiallyConsistent)
                        let reply = try await fixture.reply()
                        if (Int(reply.dropFirst()) ?? -1) < floor { progress.stale.add(1, ordering: .sequentiallyConsistent) }
                        await Task.yield()  // a run that never suspends would hold a pool thread
                    }
                }
            }
            for version in 1...100 {
                try fixture.project.write("main.worker", EchoPromptProject.worker("v\(version)"))
                try await watcher.reload()
                progress.published.store(version, ordering: .sequentiallyConsistent)
                #expect(try await fixture.reply() == "v\(version)")
            }
            progress.done.store(true, ordering: .sequentiallyConsistent)
            try await group.waitForAll()
        }
        #expect(progress.stale.load(ordering: .sequentiallyConsistent) == 0)
        #expect(fixture.reloads.allSatisfy { $0.succeeded })
    }
}

/// Shared between the swapping loop and the callers: the last version published, a stop flag,
/// and how many replies came from a generation older than the one published when they started.
private final class SwapProgress: Sendable {
    let published = Atomic<Int>(0)
    let done = Atomic<Bool>(false)
    let stale = Atomic<Int>(0)
}
