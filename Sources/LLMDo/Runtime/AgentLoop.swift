import Foundation

/// What a worker call produced.
struct WorkerOutcome: Sendable {
    var output: JSONValue
    var messages: [Message]
}

extension CallScope {
    /// The agent loop for one worker call: request → tool calls (concurrently) → results → …
    /// until the model answers without calling tools.
    ///
    /// The loop appends to one message array and hands providers the array itself, so a step
    /// costs the same at step 10,000 as at step 1 (nothing is re-serialized here).
    func runWorker(_ spec: WorkerSpec, input: JSONValue, history: [Message]) async throws -> WorkerOutcome {
        let maxDepth = policy.maxDepth
        // Counted like llm-do: max_depth is how many workers may be nested, the entry worker
        // being the first; a code entry is not a worker (the workers it calls are the first).
        let level: Int
        if case .code = program.entry { level = depth } else { level = depth + 1 }
        if level > maxDepth {
            throw RunError.depthExceeded(limit: maxDepth, calling: "'\(spec.name)'")
        }
        let model = try runtime.models.model(for: spec, providers: program.manifest.providers)
        // Only the run's own input may name files anywhere; a nested call's attachments were
        // chosen by a model or by code acting for one.
        let prompt = try await WorkerInput.userMessage(
            for: spec, input: input, projectRoot: program.projectRoot, attachments: depth == 0 ? .anywhere : .projectRoot)
        let table = try await ToolTable.make(for: spec, scope: self)
        let scope = CallScope(
            runtime: runtime, program: program, run: run, path: path, workerName: spec.name, depth: depth, tools: table)
        let result = await Result(catching: { try await scope.loop(spec, model: model, table: table, messages: history + [prompt]) })
        await table.close()
        return try result.get()
    }

    private func loop(_ spec: WorkerSpec, model: any Model, table: ToolTable, messages initial: [Message]) async throws
        -> WorkerOutcome
    {
        var messages = initial
        let maxRetries = program.manifest.runtime.maxRetries
        var retries = RetryCounter(limit: maxRetries)
        let outputSchema = try spec.outputSchemaCompiled()
        let context = ModelContext(
            workerName: spec.name, depth: depth, events: AttributingEventSink(base: runtime.options.events, path: path))
        var toolRounds = 0
        while true {
            try Task.checkCancellation()
            try run.beginRequest(worker: spec.name)
            emit(.modelRequest(ModelRequestEvent(path: path, worker: spec.name, depth: depth, model: model.name, messageCount: messages.count)))
            var response: ModelResponse
            do {
                // The request shares `messages`' storage; it must be gone before the append
                // below, or the append copies the whole history (quadratic runs).
                var settings = spec.settings
                var tools = table.definitions
                if let limit = settings.maxToolRounds, toolRounds >= limit {
                    tools = []  // past max_tool_rounds the model must answer
                    settings.extra["tool_choice"] = nil
                }
                let request = ModelRequest(
                    system: spec.instructions, messages: messages, tools: tools, settings: settings,
                    outputSchema: spec.outputSchema, serverSideTools: spec.serverSideTools)
                let interceptors = runtime.options.interceptors
                if interceptors.isEmpty {
                    response = try await model.respond(to: request, context: context)
                } else {
                    let call = ModelCallInfo(path: path, worker: spec.name, depth: depth, model: model.name)
                    response = try await InterceptorChain.modelRequest(request, call: call, through: interceptors[...]) { request in
                        try await model.respond(to: request, context: context)
                    }
                }
            }
            response.usage.requests = 1
            emit(.modelResponse(ModelResponseEvent(
                path: path, worker: spec.name, depth: depth, model: response.modelName ?? model.name, usage: response.usage,
                stopReason: response.stopReason)))
            emit(.usage(UsageEvent(path: path, worker: spec.name, usage: response.usage)))
            try run.addTokens(response.usage, worker: spec.name)
            messages.append(response.message)

            let calls = response.message.toolCalls
            if calls.isEmpty {
                if response.stopReason == .pauseTurn { continue }  // the provider wants the turn resumed
                let text = response.message.text
                guard let outputSchema else { return WorkerOutcome(output: .string(text), messages: messages) }
                switch Self.structuredOutput(text, schema: outputSchema) {
                case .success(let value):
                    return WorkerOutcome(output: value, messages: messages)
                case .failure(let problem):
                    try retries.count("final_result", reason: problem.description, emit: emit)
                    messages.append(.user("Your answer is not valid: \(problem). Answer again with only a JSON value matching the output schema."))
                    continue
                }
            }
            let results: [ToolResult]
            if let limit = spec.settings.maxToolRounds, toolRounds >= limit {
                // The request offered no tools; a model that calls some anyway is refused, not obeyed.
                results = try refuseCalls(calls, limit: limit, retries: &retries)
            } else {
                results = try await runCalls(calls, table: table, retries: &retries)
                toolRounds += 1
            }
            messages.append(Message(role: .user, parts: results.map { .toolResult($0) }))
        }
    }

    /// Runs a step's tool calls, concurrently when there are several; results keep call order.
    private func runCalls(_ calls: [ToolCall], table: ToolTable, retries: inout RetryCounter) async throws -> [ToolResult] {
        let paths = calls.map { _ in run.newCall(parent: path) }
        for (call, path) in zip(calls, paths) { emit(.toolCall(ToolCallEvent(path: path, worker: workerName, depth: depth, call: call))) }
        var outcomes: [ToolDispatch.Outcome]
        if calls.count == 1 {
            outcomes = [try await ToolDispatch.run(calls[0], table: table, scope: forCall(paths[0]))]
        } else {
            outcomes = try await withThrowingTaskGroup(of: (Int, ToolDispatch.Outcome).self) { group in
                for (index, (call, path)) in zip(calls, paths).enumerated() {
                    group.addTask { (index, try await ToolDispatch.run(call, table: table, scope: self.forCall(path))) }
                }
                var ordered = [ToolDispatch.Outcome?](repeating: nil, count: calls.count)
                for try await (index, outcome) in group { ordered[index] = outcome }
                return ordered.map { $0 ?? .failure("tool call did not complete") }
            }
        }
        var results: [ToolResult] = []
        results.reserveCapacity(calls.count)
        for (index, (call, outcome)) in zip(calls, outcomes).enumerated() {
            let result: ToolResult
            switch outcome {
            case .success(let output):
                retries.reset(call.name)
                result = ToolResult(callID: call.id, toolName: call.name, content: output.modelText)
            case .retry(let message):
                try retries.count(call.name, reason: message, emit: emit)
                result = ToolResult(
                    callID: call.id, toolName: call.name, content: "\(message)\n\nFix the errors and try again.",
                    isError: true)
            case .failure(let message):
                result = ToolResult(callID: call.id, toolName: call.name, content: message, isError: true)
            }
            emit(.toolResult(ToolResultEvent(path: paths[index], worker: workerName, depth: depth, result: result)))
            results.append(result)
        }
        return results
    }

    /// Answers tool calls made after `max_tool_rounds` was used up: none runs, each gets an error
    /// result telling the model to answer, and each such turn counts against the retry limit
    /// (`runtime.max_retries`), so a model that keeps calling ends the worker call with an error.
    private func refuseCalls(_ calls: [ToolCall], limit: Int, retries: inout RetryCounter) throws -> [ToolResult] {
        let message =
            "tools are no longer available: this worker's max_tool_rounds (\(limit)) is used up. "
            + "Answer now with what you have, without calling tools."
        let paths = calls.map { _ in run.newCall(parent: path) }
        for (call, path) in zip(calls, paths) { emit(.toolCall(ToolCallEvent(path: path, worker: workerName, depth: depth, call: call))) }
        try retries.count("max_tool_rounds", reason: message, emit: emit)
        return zip(calls, paths).map { call, path in
            let result = ToolResult(callID: call.id, toolName: call.name, content: message, isError: true)
            emit(.toolResult(ToolResultEvent(path: path, worker: workerName, depth: depth, result: result)))
            return result
        }
    }

    /// Parses and validates a structured final answer (JSON, optionally inside a ``` fence).
    static func structuredOutput(_ text: String, schema: JSONSchema) -> Result<JSONValue, StructuredOutputProblem> {
        var body = Substring(text).trimmingWhitespace()
        if body.hasPrefix("```") {
            body = body.drop(while: { $0 != "\n" }).dropFirst()
            if let fence = body.range(of: "```", options: .backwards) { body = body[..<fence.lowerBound] }
        }
        guard let value = try? JSONValue(parsing: String(body)) else {
            return .failure(StructuredOutputProblem(description: "it is not valid JSON"))
        }
        switch schema.validate(value) {
        case .success(let filled): return .success(filled)
        case .failure(let violations): return .failure(StructuredOutputProblem(description: violations.description))
        }
    }
}

struct StructuredOutputProblem: Error, CustomStringConvertible {
    var description: String
}

/// Consecutive retries per tool; a success resets that tool's count.
struct RetryCounter {
    let limit: Int
    private var counts: [String: Int] = [:]

    init(limit: Int) { self.limit = limit }

    mutating func reset(_ tool: String) { counts[tool] = nil }

    mutating func count(_ tool: String, reason: String, emit: (RuntimeEvent) -> Void) throws(RunError) {
        let attempt = (counts[tool] ?? 0) + 1
        counts[tool] = attempt
        emit(.retry(RetryEvent(what: tool == "final_result" ? "structured output" : "tool '\(tool)'", attempt: attempt, reason: reason)))
        if attempt > limit {
            throw RunError(
                .retriesExceeded,
                "'\(tool)' exceeded the retry limit (\(limit), runtime.max_retries); last error: \(reason)")
        }
    }
}

extension Substring {
    func trimmingWhitespace() -> Substring {
        let start = firstIndex(where: { !$0.isWhitespace }) ?? endIndex
        let end = lastIndex(where: { !$0.isWhitespace }).map { index(after: $0) } ?? start
        return self[start..<end]
    }
}
