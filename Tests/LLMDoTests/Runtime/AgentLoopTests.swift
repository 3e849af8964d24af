import Synchronization
import Testing
@testable import LLMDo

@Suite struct AgentLoopTests {
    func worker(_ name: String, entry: Bool = false, model: String = "fn", toolsets: [String] = [], instructions: String = "Be brief.") -> WorkerSpec {
        WorkerSpec(
            name: name, description: "The \(name) worker.", isEntry: entry, model: model,
            toolsetRefs: toolsets.map { NameRef(name: $0, line: nil) }, instructions: instructions, file: "\(name).worker")
    }

    @Test func plainAnswer() async throws {
        let program = try makeProgram([worker("main", entry: true)])
        let model = FunctionModel { request in
            #expect(request.system == "Be brief.")
            #expect(request.messages.last?.text == "Hi")
            return .text("Hello!", usage: Usage(inputTokens: 5, outputTokens: 2))
        }
        let runtime = Runtime(program: program, options: RuntimeOptions(models: ["fn": model]))
        let result = try await runtime.run(input: "Hi")
        #expect(result.output == "Hello!")
        #expect(result.messages.count == 2)
        #expect(result.usage.requests == 1)
        #expect(result.usage.inputTokens == 5)
        #expect(runtime.totalUsage.outputTokens == 2)
    }

    @Test func parallelToolCallsKeepOrder() async throws {
        let math = MathToolset()
        let program = try makeProgram([worker("main", entry: true, toolsets: ["math"])], toolsets: [math])
        let model = FunctionModel { request in
            let results = request.lastToolResults
            if results.isEmpty {
                return .toolCalls([
                    .make("add", ["a": 1, "b": 2], id: "x"), .make("add", ["a": 10, "b": 20], id: "y"),
                ])
            }
            #expect(results.map(\.callID) == ["x", "y"])
            #expect(results.map(\.content) == ["3.0", "30.0"])
            return .text("sums: \(results.map(\.content).joined(separator: ", "))")
        }
        let result = try await Runtime(program: program, options: RuntimeOptions(models: ["fn": model])).run(input: "go")
        #expect(result.output == "sums: 3.0, 30.0")
        #expect(result.usage.toolCalls == 2)
        #expect(math.executions == 2)
    }

    @Test func invalidArgumentsBecomeARetryPrompt() async throws {
        let math = MathToolset()
        let program = try makeProgram([worker("main", entry: true, toolsets: ["math"])], toolsets: [math])
        let model = FunctionModel { request in
            guard let result = request.lastToolResults.first else { return .toolCalls([.make("add", ["a": 1, "b": "two"])]) }
            #expect(result.isError)
            #expect(result.content.contains("b: expected number"))
            #expect(result.content.contains("Fix the errors and try again."))
            return .text("gave up")
        }
        let sink = RecordingEventSink()
        let result = try await Runtime(program: program, options: RuntimeOptions(events: sink, models: ["fn": model])).run(input: "go")
        #expect(result.output == "gave up")
        #expect(math.executions == 0)
        #expect(sink.events.contains { if case .retry = $0 { return true }; return false })
    }

    @Test func unknownToolAndBadJSONAreRetries() async throws {
        let program = try makeProgram([worker("main", entry: true, toolsets: ["math"])], toolsets: [MathToolset()])
        let step = Mutex(0)
        let model = FunctionModel { request in
            let n = step.withLock { $0 += 1; return $0 }
            switch n {
            case 1: return .toolCalls([.make("ad", ["a": 1, "b": 2])])
            case 2:
                #expect(request.lastToolResults.first?.content.contains("unknown tool name 'ad'. Available tools: add, fail, retry, danger") == true)
                return .toolCalls([ToolCall(id: "c2", name: "add", arguments: ToolArguments(text: "{\"a\": 1,"))])
            default:
                #expect(request.lastToolResults.first?.content.contains("not valid JSON") == true)
                return .text("ok")
            }
        }
        let result = try await Runtime(program: program, options: RuntimeOptions(models: ["fn": model])).run(input: "go")
        #expect(result.output == "ok")
    }

    @Test func retriesAreBounded() async throws {
        var config = RuntimeConfig()
        config.maxRetries = 2
        let program = try makeProgram([worker("main", entry: true, toolsets: ["math"])], toolsets: [MathToolset()], runtime: config)
        let model = FunctionModel { _ in .toolCalls([.make("retry", ["message": "try harder"])]) }
        await #expect(throws: RunError.self) {
            try await Runtime(program: program, options: RuntimeOptions(models: ["fn": model])).run(input: "go")
        }
        do {
            _ = try await Runtime(program: program, options: RuntimeOptions(models: ["fn": model])).run(input: "go")
        } catch let error as RunError {
            #expect(error.kind == .retriesExceeded)
            #expect(error.message.contains("'retry' exceeded the retry limit (2"))
        }
    }

    @Test func toolFailureReachesTheModel() async throws {
        let program = try makeProgram([worker("main", entry: true, toolsets: ["math"])], toolsets: [MathToolset()])
        let model = FunctionModel { request in
            guard let result = request.lastToolResults.first else { return .toolCalls([.make("fail", ["message": "disk full"])]) }
            #expect(result.isError && result.content == "disk full")
            return .text("reported")
        }
        #expect(try await Runtime(program: program, options: RuntimeOptions(models: ["fn": model])).run(input: "go").output == "reported")
    }

    @Test func workerAsToolGetsFreshHistory() async throws {
        let program = try makeProgram([
            worker("main", entry: true, toolsets: ["helper"]),
            worker("helper", model: "child", instructions: "Help."),
        ])
        let parent = FunctionModel { request in
            guard let result = request.lastToolResults.first else {
                #expect(request.tools.map(\.name) == ["helper"])
                #expect(request.tools.first?.description == "The helper worker.")
                return .toolCalls([.make("helper", ["input": "what is 2+2?"])])
            }
            return .text("helper said \(result.content)")
        }
        let child = FunctionModel { request in
            #expect(request.system == "Help.")
            #expect(request.messages.count == 1)
            #expect(request.messages[0].text == "what is 2+2?")
            return .text("4")
        }
        let result = try await Runtime(program: program, options: RuntimeOptions(models: ["fn": parent, "child": child])).run(input: "go")
        #expect(result.output == "helper said 4")
        #expect(result.usageByWorker["helper"]?.requests == 1)
    }

    @Test func recursionPastMaxDepthIsReturnedToTheCaller() async throws {
        var config = RuntimeConfig()
        config.maxDepth = 2
        let program = try makeProgram([worker("main", entry: true, toolsets: ["main"])], runtime: config)
        let model = FunctionModel { request in
            if let result = request.lastToolResults.first { return .text(result.isError ? "error: \(result.content)" : "ok: \(result.content)") }
            return .toolCalls([.make("main", ["input": "again"])])
        }
        let result = try await Runtime(program: program, options: RuntimeOptions(models: ["fn": model])).run(input: "go")
        // Counted like llm-do: the entry is depth 1, its call depth 2, the next call fails; each level reports what it got.
        #expect(result.output == "ok: error: maximum worker depth 2 exceeded calling 'main' (runtime.max_depth or --max-depth)")
    }

    @Test func historyCarriesAcrossTurns() async throws {
        let program = try makeProgram([worker("main", entry: true)])
        let model = FunctionModel { request in .text("turn \(request.messages.filter { $0.role == .user }.count)") }
        let runtime = Runtime(program: program, options: RuntimeOptions(models: ["fn": model]))
        let first = try await runtime.run(input: "one")
        let second = try await runtime.run(input: "two", history: first.messages)
        #expect(second.output == "turn 2")
        #expect(second.messages.count == 4)
    }

    @Test func structuredOutputIsValidatedAndRetried() async throws {
        var spec = worker("main", entry: true)
        spec.outputSchema = ["type": "object", "properties": ["n": ["type": "integer"]], "required": ["n"]]
        let program = try makeProgram([spec])
        let model = FunctionModel { request in
            request.messages.count == 1 ? .text("{\"n\": \"x\"}") : .text("```json\n{\"n\": 3}\n```")
        }
        let result = try await Runtime(program: program, options: RuntimeOptions(models: ["fn": model])).run(input: "go")
        #expect(result.output == ["n": 3])
    }

    @Test func usageLimitsNameTheLimit() async throws {
        var config = RuntimeConfig()
        config.usageLimits = UsageLimits(maxToolCalls: 3)
        let program = try makeProgram([worker("main", entry: true, toolsets: ["math"])], toolsets: [MathToolset()], runtime: config)
        let model = FunctionModel { _ in .toolCalls([.make("add", ["a": 1, "b": 1])]) }
        do {
            _ = try await Runtime(program: program, options: RuntimeOptions(models: ["fn": model])).run(input: "go")
            Issue.record("expected a usage limit error")
        } catch let error as RunError {
            #expect(error.kind == .usageLimitExceeded)
            #expect(error.message.contains("max_tool_calls"))
        }
    }

    @Test func longToolLoopRunsWithoutDefaultLimits() async throws {
        let program = try makeProgram([worker("main", entry: true, toolsets: ["math"])], toolsets: [MathToolset()])
        let steps = 2_000
        let model = FunctionModel { request in
            request.messages.count >= steps * 2 ? .text("done") : .toolCalls([.make("add", ["a": 1, "b": 1])])
        }
        let result = try await Runtime(program: program, options: RuntimeOptions(models: ["fn": model])).run(input: "go")
        #expect(result.output == "done")
        #expect(result.usage.toolCalls == steps)
    }

    @Test func emptyPromptIsInvalidInput() async throws {
        let program = try makeProgram([worker("main", entry: true)])
        let runtime = Runtime(program: program, options: RuntimeOptions(models: ["fn": FunctionModel { _ in .text("x") }]))
        do {
            _ = try await runtime.run(input: "   ")
            Issue.record("expected an error")
        } catch let error as RunError {
            #expect(error.kind == .invalidInput)
        }
    }

    @Test func modelResolutionOrder() throws {
        var spec = worker("w")
        spec.model = nil
        #expect(throws: RunError.self) { try ModelResolver.modelName(for: spec, override: nil, environment: [:]) }
        #expect(try ModelResolver.modelName(for: spec, override: nil, environment: ["LLM_DO_MODEL": "test"]) == "test")
        spec.compatibleModels = ["anthropic:*"]
        #expect(throws: RunError.self) { try ModelResolver.modelName(for: spec, override: nil, environment: ["LLM_DO_MODEL": "openai:gpt-4o"]) }
        #expect(try ModelResolver.modelName(for: spec, override: nil, environment: ["LLM_DO_MODEL": "anthropic:claude"]) == "anthropic:claude")
        #expect(try ModelResolver.modelName(for: spec, override: "test", environment: ["LLM_DO_MODEL": "openai:x"]) == "test")
        spec.compatibleModels = nil
        spec.model = "anthropic:a"
        #expect(try ModelResolver.modelName(for: spec, override: nil, environment: ["LLM_DO_MODEL": "openai:x"]) == "anthropic:a")
    }

    @Test func globMatching() {
        #expect(Glob.matches("anthropic:claude-3", pattern: "anthropic:*"))
        #expect(Glob.matches("openai:gpt-4o", pattern: "openai:gpt-?o"))
        #expect(!Glob.matches("openai:gpt-4o", pattern: "anthropic:*"))
    }
}

@Suite struct ToolRoundLimitTests {
    @Test func pastMaxToolRoundsTheModelIsAskedWithoutTools() async throws {
        var spec = WorkerSpec(name: "main", isEntry: true, model: "fn", toolsetRefs: [NameRef(name: "math", line: nil)], instructions: "", file: "m")
        spec.settings.maxToolRounds = 2
        spec.settings.extra["tool_choice"] = "auto"
        let program = try makeProgram([spec], toolsets: [MathToolset()])
        let model = FunctionModel { request in
            // A model that calls a tool whenever it is offered one.
            if request.tools.isEmpty {
                #expect(request.settings.extra["tool_choice"] == nil)
                return .text("answered")
            }
            return .toolCalls([.make("add", ["a": 1, "b": 1])])
        }
        let result = try await Runtime(program: program, options: RuntimeOptions(models: ["fn": model])).run(input: "go")
        #expect(result.output == "answered")
        #expect(result.usage.toolCalls == 2)
    }

    /// A worker whose model calls `add` on every turn, tools offered or not.
    func stubborn(maxToolRounds: Int, answerAfter turns: Int? = nil) throws -> (Runtime, MathToolset) {
        var spec = WorkerSpec(name: "main", isEntry: true, model: "fn", toolsetRefs: [NameRef(name: "math", line: nil)], instructions: "", file: "m")
        spec.settings.maxToolRounds = maxToolRounds
        let math = MathToolset()
        let model = FunctionModel { request in
            let turn = request.messages.filter { $0.role == .assistant }.count
            if let turns, turn >= turns { return .text(request.lastToolResults.first?.content ?? "") }
            return .toolCalls([.make("add", ["a": 1, "b": 1], id: "c\(turn)")])
        }
        return (Runtime(program: try makeProgram([spec], toolsets: [math]), options: RuntimeOptions(models: ["fn": model])), math)
    }

    @Test func callsMadeAfterTheLimitAreRefusedNotRun() async throws {
        let (runtime, math) = try stubborn(maxToolRounds: 2, answerAfter: 3)
        let result = try await runtime.run(input: "go")
        #expect(math.executions == 2)
        #expect(result.usage.toolCalls == 2)
        #expect(result.output.stringValue?.hasPrefix("tools are no longer available: this worker's max_tool_rounds (2) is used up") == true)
    }

    @Test func aModelThatKeepsCallingEndsTheCallAtTheRetryLimit() async throws {
        let (runtime, math) = try stubborn(maxToolRounds: 1)
        let error = await #expect(throws: RunError.self) { try await runtime.run(input: "go") }
        #expect(error?.kind == .retriesExceeded)
        #expect(error?.message.contains("'max_tool_rounds' exceeded the retry limit (3") == true)
        #expect(math.executions == 1)
    }

    @Test func parsedFromModelSettings() throws {
        let spec = try WorkerFileParser.parse(text: workerFile("name: w\nmodel_settings:\n  max_tool_rounds: 1"), file: "w.worker")
        #expect(spec.settings.maxToolRounds == 1)
        #expect(spec.settings.extra["max_tool_rounds"] == nil)
    }
}
