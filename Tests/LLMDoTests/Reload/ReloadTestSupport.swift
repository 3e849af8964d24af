import Foundation
import Synchronization
@testable import LLMDo

/// A project on disk whose worker answers with its own prompt, so a reply names the program
/// generation that served it. (Unchecked: `TemporaryProject` holds only its immutable root path.)
struct EchoPromptProject: @unchecked Sendable {
    let project: TemporaryProject
    let model: FunctionModel
    let events: RecordingEventSink
    /// Nil until the project is loaded (``loaded()``), for fixtures that add files first.
    private let loadedRuntime: Runtime?

    var runtime: Runtime {
        guard let loadedRuntime else { fatalError("EchoPromptProject: call loaded() before using the runtime") }
        return loadedRuntime
    }

    static let manifest = #"{"version": 1, "worker_files": ["main.worker"]}"#

    static func worker(_ prompt: String, name: String = "main", entry: Bool = true) -> String {
        // A description of its own: without one, the prompt's start describes the worker as a tool.
        workerFile("name: \(name)\ndescription: Answers with its prompt.\nentry: \(entry)", body: prompt)
    }

    /// A FunctionModel that answers with the system prompt, trimmed.
    static let echoPrompt = FunctionModel { request in
        .text(request.system.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Writes the project and, unless `load` is false, loads it into a runtime.
    init(prompt: String = "v1", model: FunctionModel = Self.echoPrompt, files: [String: String] = [:], load: Bool = true) throws {
        var all = ["project.json": Self.manifest, "main.worker": Self.worker(prompt)]
        all.merge(files) { _, new in new }
        try self.init(project: TemporaryProject(files: all), model: model, events: RecordingEventSink(), load: load)
    }

    private init(project: TemporaryProject, model: FunctionModel, events: RecordingEventSink, load: Bool) throws {
        self.project = project
        self.model = model
        self.events = events
        loadedRuntime = load
            ? Runtime(program: try project.load(), options: RuntimeOptions(modelOverride: "fn", events: events, models: ["fn": model]))
            : nil
    }

    /// The same project, loaded now.
    func loaded() throws -> EchoPromptProject {
        try EchoPromptProject(project: project, model: model, events: events, load: true)
    }

    func reply(_ input: String = "hi") async throws -> String {
        try await runtime.run(input: .string(input)).output.stringValue ?? ""
    }

    var reloads: [ReloadEvent] {
        events.events(of: ReloadEvent.self)
    }

    var warnings: [String] {
        events.events(of: WarningEvent.self).map(\.message)
    }
}

/// Waits until `condition` holds, checking every 5 ms, for at most `seconds`. The bound only
/// stops a broken test from hanging: it is generous so a loaded machine never fails a good one.
func eventually(_ seconds: Double = 60, _ condition: () -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try await Task.sleep(for: .milliseconds(5))
    }
    return condition()
}

/// A one-shot signal a FunctionModel can wait on.
final class Signal: Sendable {
    private let state = Mutex<(fired: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    func fire() {
        let waiters = state.withLock { state in
            state.fired = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    func wait() async {
        await withCheckedContinuation { continuation in
            let fired = state.withLock { state in
                if !state.fired { state.waiters.append(continuation) }
                return state.fired
            }
            if fired { continuation.resume() }
        }
    }

    var fired: Bool { state.withLock { $0.fired } }
}
