import Testing
@testable import LLMDo

/// Answers with the path of the call it runs in, so tests can see the ids tools receive.
private struct WhereAmIToolset: Toolset {
    let name = "where"
    var tools: [ToolDefinition] {
        [ToolDefinition(name: "where_am_i", description: "The call's path.", parametersSchema: ["type": "object"])]
    }
    func makeInstance(context: ToolsetContext) async throws -> any ToolsetInstance { Instance() }

    struct Instance: ToolsetInstance {
        func call(tool: String, arguments: JSONValue, invocation: ToolInvocation) async throws -> ToolOutput {
            let path = invocation.scope.path
            return .json(["call": .string(path.callID), "parent": path.parentCallID.map(JSONValue.string) ?? .null])
        }
    }
}

/// A code entry that calls a tool twice and a worker once.
private struct TwiceEntry: CodeEntry {
    let name = "twice"
    func run(input: JSONValue, scope: CallScope) async throws -> JSONValue {
        let first = try await scope.callTool("where_am_i", arguments: [:])
        let second = try await scope.callTool("where_am_i", arguments: [:])
        let answer = try await scope.callWorker("helper", input: "hi")
        return [first.jsonValue, second.jsonValue, answer]
    }
}

@Suite struct CallPathTests {
    func worker(_ name: String, entry: Bool = false, model: String, toolsets: [String] = []) -> WorkerSpec {
        WorkerSpec(
            name: name, description: "The \(name) worker.", isEntry: entry, model: model,
            toolsetRefs: toolsets.map { NameRef(name: $0, line: nil) }, instructions: "Go.", file: "\(name).worker")
    }

    /// The entry calls `helper` three times at once; each helper call adds two numbers.
    func siblingsRun(runID: String? = nil) async throws -> (RunResult, [RuntimeEvent]) {
        let program = try makeProgram(
            [worker("main", entry: true, model: "parent", toolsets: ["helper"]), worker("helper", model: "child", toolsets: ["math"])],
            toolsets: [MathToolset()])
        let parent = FunctionModel { request in
            guard request.lastToolResults.isEmpty else { return .text("done") }
            // The same provider id in every call: the runtime's ids must not depend on it.
            return .toolCalls((1...3).map { .make("helper", ["input": .string("job \($0)")], id: "same") })
        }
        let child = FunctionModel { request in
            request.lastToolResults.isEmpty ? .toolCalls([.make("add", ["a": 1, "b": 2], id: "same")]) : .text("3")
        }
        let sink = RecordingEventSink()
        let options = RuntimeOptions(events: sink, models: ["parent": parent, "child": child], runID: runID)
        let result = try await Runtime(program: program, options: options).run(input: "go")
        return (result, sink.events)
    }

    @Test func parallelSiblingCallsHaveDistinctIdsAndTheRightParent() async throws {
        let (result, events) = try await siblingsRun()
        #expect(result.output == "done")

        // Every event belongs to this run.
        #expect(events.allSatisfy { $0.path.runID == result.runID })
        guard case .runStarted(let started) = events.first else {
            Issue.record("expected runStarted first")
            return
        }
        let entry = started.path
        #expect(entry.parentCallID == nil)

        let toolCalls = events.compactMap { if case .toolCall(let e) = $0 { e } else { nil } }
        let helperCalls = toolCalls.filter { $0.call.name == "helper" }.map(\.path)
        let addCalls = toolCalls.filter { $0.call.name == "add" }.map(\.path)
        #expect(helperCalls.count == 3 && addCalls.count == 3)
        // Three children of the entry, with ids of their own.
        #expect(Set(helperCalls.map(\.callID)).count == 3)
        #expect(helperCalls.allSatisfy { $0.parentCallID == entry.callID && $0.callID != entry.callID })

        // Each helper's model requests run as its tool call; each add is a child of one helper.
        let requests = events.compactMap { if case .modelRequest(let e) = $0, e.worker == "helper" { e.path } else { nil } }
        #expect(Set(requests.map(\.callID)) == Set(helperCalls.map(\.callID)))
        #expect(requests.allSatisfy { $0.parentCallID == entry.callID })
        #expect(Set(addCalls.compactMap(\.parentCallID)) == Set(helperCalls.map(\.callID)))

        // Every call id in the run is unique.
        let ids = [entry.callID] + helperCalls.map(\.callID) + addCalls.map(\.callID)
        #expect(Set(ids).count == ids.count)

        // Ids are deterministic however the siblings interleave: the entry's calls are numbered in
        // the order its model listed them, and each helper's add is that helper's first call.
        #expect(entry.callID == "c1" && helperCalls.map(\.callID).sorted() == ["c1.1", "c1.2", "c1.3"])
        #expect(addCalls.allSatisfy { $0.callID == "\($0.parentCallID ?? "?").1" })

        // A result carries its call's path.
        let results = events.compactMap { if case .toolResult(let e) = $0, e.result.toolName == "add" { e.path } else { nil } }
        #expect(Set(results) == Set(addCalls))
    }

    @Test func runIdIsStableWithinARunAndDistinctAcrossRuns() async throws {
        let (first, firstEvents) = try await siblingsRun()
        let (second, _) = try await siblingsRun()
        #expect(first.runID != second.runID)
        #expect(first.runID.count == 32 && first.runID.allSatisfy(\.isHexDigit))
        #expect(Set(firstEvents.map(\.path.runID)) == [first.runID])

        let (given, givenEvents) = try await siblingsRun(runID: "job-42")
        #expect(given.runID == "job-42")
        #expect(givenEvents.allSatisfy { $0.path.runID == "job-42" })
    }

    @Test func callsFromCodeGetUniqueIds() async throws {
        var manifest = Manifest(path: "/virtual/project.json")
        manifest.runtime = RuntimeConfig()
        let plugin = LoadedPlugin(declaredPath: "e.so", resolvedPath: "e.so", toolsets: [WhereAmIToolset()], entries: [TwiceEntry()])
        let program = try Linker.link(
            manifest: manifest, projectRoot: "/virtual", workers: [worker("helper", model: "fn")], plugins: [plugin])
        let sink = RecordingEventSink()
        let model = FunctionModel { _ in .text("ok") }
        let result = try await Runtime(program: program, options: RuntimeOptions(events: sink, models: ["fn": model])).run(input: "go")

        guard case .array(let outputs) = result.output, outputs.count == 3 else {
            Issue.record("unexpected output \(result.output)")
            return
        }
        let entry = sink.events.first?.path
        #expect(outputs[0]["parent"] == entry.map { .string($0.callID) })
        #expect(outputs[1]["parent"] == entry.map { .string($0.callID) })
        let toolIDs = [outputs[0]["call"], outputs[1]["call"]].compactMap { $0?.stringValue }
        let workerRequest = sink.events(of: ModelRequestEvent.self).first?.path
        #expect(workerRequest?.parentCallID == entry?.callID)
        let ids = toolIDs + [entry?.callID, workerRequest?.callID].compactMap { $0 }
        #expect(ids.count == 4 && Set(ids).count == 4)
    }
}
