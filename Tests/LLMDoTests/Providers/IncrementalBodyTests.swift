import Foundation
import Testing
@testable import LLMDo

/// Where two bodies first differ, with a little context (nil when equal): readable failures for
/// megabyte-sized bodies.
private func difference(_ actual: [UInt8], _ expected: [UInt8]) -> String? {
    guard actual != expected else { return nil }
    let common = min(actual.count, expected.count)
    let offset = (0..<common).first { actual[$0] != expected[$0] } ?? common
    func excerpt(_ bytes: [UInt8]) -> String { String(decoding: bytes[max(0, offset - 40)..<min(bytes.count, offset + 40)], as: UTF8.self) }
    return "sizes \(actual.count) / \(expected.count), first difference at byte \(offset): …\(excerpt(actual))… vs …\(excerpt(expected))…"
}

/// Request bodies assembled from a worker call's ``EncodedHistory`` are byte for byte the bodies
/// a full encode produces, for both providers, over a long conversation with every kind of part.
@Suite("Provider: incremental request bodies")
struct IncrementalBodyTests {
    static let tools = [
        ToolDefinition(
            name: "add", description: "Add \"two\" numbers.",
            parametersSchema: ["type": "object", "properties": ["a": ["type": "number"], "b": ["type": "number"]]]),
        ToolDefinition(name: "read", description: "Read a file.", parametersSchema: ["type": "object"]),
    ]

    /// A deterministic conversation of `count` messages mixing every part the encoders handle:
    /// parallel and malformed tool calls, error and large results, attachments, signed and
    /// unsigned thinking, provider blocks, empty messages, and runs of one role (a paused turn,
    /// a retry prompt after tool results) that Anthropic merges into one turn.
    static func conversation(_ count: Int) -> [Message] {
        var messages: [Message] = [.user("Start: quote \" backslash \\ newline \n tab \t é 🎉")]
        var step = 0
        while messages.count < count {
            step += 1
            let id = "call_\(step)"
            switch step % 9 {
            case 0:
                messages.append(Message(role: .assistant, parts: [.text("Pausing")]))
                messages.append(Message(role: .assistant, parts: [.thinking(Thinking(text: "hm", signature: "sig\(step)")), .text("resumed")]))
            case 1:
                messages.append(Message(role: .assistant, parts: [
                    .text(""), .toolCall(ToolCall(id: id, name: "add", arguments: ["a": .int(Int64(step)), "b": 2.5])),
                    .toolCall(ToolCall(id: id + "b", name: "read", arguments: .invalid("{\"path\": \"x"))),
                ]))
                messages.append(Message(role: .user, parts: [
                    .toolResult(ToolResult(callID: id, toolName: "add", content: "\(Double(step) + 2.5)")),
                    .toolResult(ToolResult(callID: id + "b", toolName: "read", content: "invalid JSON", isError: true)),
                ]))
            case 2:
                messages.append(Message(role: .assistant, parts: [.toolCall(ToolCall(id: id, name: "read", arguments: ["path": "big.txt"]))]))
                let large = String(repeating: "line \(step) with \"quotes\" and \\ slashes\n", count: 100)
                messages.append(Message(role: .user, parts: [.toolResult(ToolResult(callID: id, toolName: "read", content: large))]))
            case 3:
                messages.append(Message(role: .assistant, parts: [
                    .providerBlock(ProviderBlock(provider: "anthropic", json: ["type": "text", "text": "cited", "citations": []])),
                    .providerBlock(ProviderBlock(provider: "openai", json: ["type": "other"])),
                ]))
                messages.append(Message(role: .user, parts: [
                    .text("look"), .attachment(Attachment(mediaType: "image/PNG", data: [1, 2, 3, UInt8(step % 256)], name: "a.png")),
                    .attachment(Attachment(mediaType: "application/pdf", data: Array("%PDF".utf8), name: "b.pdf")),
                    .attachment(Attachment(mediaType: "text/plain", data: Array("notes \(step)".utf8), name: "c.txt")),
                ]))
            case 4:
                messages.append(Message(role: .assistant, parts: []))  // nothing to send: skipped or empty content
                messages.append(Message(role: .assistant, parts: [.thinking(Thinking(text: "unsigned"))]))
                messages.append(Message(role: .assistant, parts: [.toolCall(ToolCall(id: id, name: "add", arguments: [:]))]))
                messages.append(Message(role: .user, parts: [.toolResult(ToolResult(callID: id, toolName: "add", content: ""))]))
            case 5:
                messages.append(.assistant("not json"))
                messages.append(.user("Your answer is not valid: expected an object. Answer again."))
            case 6:
                messages.append(Message(role: .assistant, parts: [.toolCall(ToolCall(id: id, name: "add", arguments: ["a": 1, "b": 1]))]))
                messages.append(Message(role: .user, parts: [.toolResult(ToolResult(callID: id, toolName: "add", content: "2"))]))
                messages.append(.user("and another thing"))  // two user messages in a row
            case 7:
                messages.append(Message(role: .user, parts: []))
                messages.append(.assistant("plain answer \(step)"))
            default:
                messages.append(.user("next \(step)"))
            }
        }
        return messages
    }

    /// Settings a worker may set, varied per step (the body's other members change while the
    /// history prefix is reused).
    static func request(_ messages: ArraySlice<Message>, step: Int, history: EncodedHistory?) -> ModelRequest {
        var settings = ModelSettings(temperature: step % 2 == 0 ? 0.3 : nil, maxTokens: step % 3 == 0 ? 100 : nil, stopSequences: ["END"])
        if step % 4 == 0 { settings.extra["tool_choice"] = "required" }
        if step % 5 == 0 { settings.extra["stream"] = false }
        var request = ModelRequest(
            system: "You are \"terse\".\n", messages: Array(messages), tools: step % 7 == 0 ? [] : tools, settings: settings,
            outputSchema: step % 6 == 0 ? ["type": "object"] : nil, serverSideTools: step % 8 == 0 ? [["type": "web_search"]] : [])
        request.encodedHistory = history
        return request
    }

    static func fullOpenAI(_ request: ModelRequest, quirks: ProviderQuirks, model: String = "m") -> [UInt8] {
        var bytes: [UInt8] = []
        OpenAIRequest.body(for: request, model: model, quirks: quirks, streamWithTools: true).body.write(into: &bytes)
        return bytes
    }

    static func fullAnthropic(_ request: ModelRequest, model: String = "m") -> [UInt8] {
        var bytes: [UInt8] = []
        AnthropicRequest.body(for: request, model: model).body.write(into: &bytes)
        return bytes
    }

    static var quirkSets: [ProviderQuirks] {
        var nullContent = ProviderQuirks()
        nullContent.emptyContentAsString = false
        nullContent.toolChoiceAuto = false
        nullContent.maxCompletionTokens = true
        return [ProviderQuirks(), nullContent]
    }

    @Test func everyStepEqualsAFullEncodeForBothProviders() {
        let messages = Self.conversation(120)
        let history = EncodedHistory()
        var end = 1
        var step = 0
        while end <= messages.count {
            let request = Self.request(messages[..<end], step: step, history: history)
            // One cache serves every format: the same call asked in three wire formats.
            for quirks in Self.quirkSets {
                let incremental = OpenAIRequest.encodedBody(for: request, model: "m", quirks: quirks, streamWithTools: true).bytes
                #expect(difference(incremental, Self.fullOpenAI(request, quirks: quirks)) == nil, "openai, \(end) messages")
            }
            let anthropic = AnthropicRequest.encodedBody(for: request, model: "m").bytes
            #expect(difference(anthropic, Self.fullAnthropic(request)) == nil, "anthropic, \(end) messages")
            step += 1
            end += 1 + step % 3  // one to three new messages per step, as a loop appends them
        }
        // The cache did the work: the settled prefix covers all but the open last turn.
        #expect(history.withPrefix(format: "openai") { $0.messageCount } > messages.count - 4)
        #expect(history.withPrefix(format: "anthropic") { $0.messageCount } > 110)
    }

    @Test func anOlderRequestSentAgainIsEncodedInFull() {
        let messages = Self.conversation(40)
        let history = EncodedHistory()
        let early = Self.request(messages[..<10], step: 1, history: history)
        let late = Self.request(messages[...], step: 1, history: history)
        for request in [early, late, early] {
            let openAI = OpenAIRequest.encodedBody(for: request, model: "m", quirks: ProviderQuirks(), streamWithTools: true).bytes
            #expect(difference(openAI, Self.fullOpenAI(request, quirks: ProviderQuirks())) == nil)
            #expect(difference(AnthropicRequest.encodedBody(for: request, model: "m").bytes, Self.fullAnthropic(request)) == nil)
        }
    }

    @Test func changingTheHistoryOrSystemDropsTheCache() {
        let messages = Self.conversation(20)
        let history = EncodedHistory()
        var request = Self.request(messages[...], step: 1, history: history)
        _ = OpenAIRequest.encodedBody(for: request, model: "m", quirks: ProviderQuirks(), streamWithTools: true)
        _ = AnthropicRequest.encodedBody(for: request, model: "m")

        var rewritten = request
        rewritten.messages[0] = .user("replaced by an interceptor")
        #expect(rewritten.encodedHistory == nil)
        let openAI = OpenAIRequest.encodedBody(for: rewritten, model: "m", quirks: ProviderQuirks(), streamWithTools: true).bytes
        #expect(difference(openAI, Self.fullOpenAI(rewritten, quirks: ProviderQuirks())) == nil)
        #expect(difference(AnthropicRequest.encodedBody(for: rewritten, model: "m").bytes, Self.fullAnthropic(rewritten)) == nil)

        var resystemed = request
        resystemed.system = "Another system prompt."
        #expect(resystemed.encodedHistory == nil)

        // Other members keep it: they are not part of the cached prefix.
        request.tools = []
        request.settings.temperature = 1
        #expect(request.encodedHistory != nil)
    }

    @Test func messagesInTheWorkerSettingsAreEncodedInFull() {
        var request = Self.request(Self.conversation(10)[...], step: 1, history: EncodedHistory())
        request.settings.extra["messages"] = [["role": "user", "content": "from model_settings"]]
        let openAI = OpenAIRequest.encodedBody(for: request, model: "m", quirks: ProviderQuirks(), streamWithTools: true).bytes
        #expect(difference(openAI, Self.fullOpenAI(request, quirks: ProviderQuirks())) == nil)
        #expect(String(decoding: openAI, as: UTF8.self).contains("from model_settings"))
        #expect(difference(AnthropicRequest.encodedBody(for: request, model: "m").bytes, Self.fullAnthropic(request)) == nil)
    }
}

/// Through the runtime and real HTTP: what the server receives in each step of a tool loop is
/// the full encode of the request the model was asked, also when an interceptor rewrites it.
@Suite("Provider: incremental bodies in a run")
struct IncrementalBodyRunTests {
    /// Records every model request as sent on; optionally keeps only the last message.
    private final class Recorder: RunInterceptor, @unchecked Sendable {
        // @unchecked: `requests` is guarded by `lock`.
        private let lock = NSLock()
        private var requests: [ModelRequest] = []
        let truncate: Bool
        init(truncate: Bool) { self.truncate = truncate }

        var sent: [ModelRequest] { lock.withLock { requests } }

        func interceptModelRequest(
            _ request: ModelRequest, call: ModelCallInfo, next: (ModelRequest) async throws -> ModelResponse
        ) async throws -> ModelResponse {
            var request = request
            if truncate, let last = request.messages.last { request.messages = [last] }
            lock.withLock { requests.append(request) }
            return try await next(request)
        }
    }

    static let steps = 12

    /// `add` until request `steps`, then a text answer.
    static func answer(provider: String) -> LoopbackServer.Handler {
        { _, number in
            let done = number >= steps
            let json: String
            if provider == "anthropic" {
                let content = done ? #"{"type":"text","text":"done"}"# : #"{"type":"tool_use","id":"tu_\#(number)","name":"add","input":{"a":\#(number),"b":2}}"#
                json = #"{"type":"message","role":"assistant","content":[\#(content)],"stop_reason":"\#(done ? "end_turn" : "tool_use")","usage":{"input_tokens":1,"output_tokens":1}}"#
            } else {
                let message = done ? #"{"role":"assistant","content":"done"}"#
                    : #"{"role":"assistant","content":null,"tool_calls":[{"id":"call_\#(number)","type":"function","function":{"name":"add","arguments":"{\"a\":\#(number),\"b\":2}"}}]}"#
                json = #"{"choices":[{"message":\#(message),"finish_reason":"\#(done ? "stop" : "tool_calls")"}],"usage":{"prompt_tokens":1,"completion_tokens":1}}"#
            }
            return LoopbackServer.reply(status: 200, json: json)
        }
    }

    @Test(arguments: ["openai", "anthropic"], [false, true])
    func eachStepSendsTheFullEncodeOfItsRequest(provider: String, truncate: Bool) async throws {
        let harness = try ProviderHarness(provider, handler: Self.answer(provider: provider))
        let worker = WorkerSpec(
            name: "main", isEntry: true, model: "http", toolsetRefs: [NameRef(name: "math", line: nil)],
            instructions: "Add things.", file: "main.worker")
        let recorder = Recorder(truncate: truncate)
        let options = RuntimeOptions(models: ["http": harness.model], interceptors: [recorder])
        let result = try await Runtime(program: try makeProgram([worker], toolsets: [MathToolset()]), options: options).run(input: "go")
        #expect(result.output == "done")

        let received = harness.server.requests.map(\.body)
        let sent = recorder.sent
        try #require(received.count == Self.steps + 1 && sent.count == received.count)
        for (index, request) in sent.enumerated() {
            #expect(request.encodedHistory == nil || !truncate)
            let expected =
                provider == "anthropic"
                ? IncrementalBodyTests.fullAnthropic(request, model: "test-model")
                : IncrementalBodyTests.fullOpenAI(request, quirks: ProviderQuirks(), model: "test-model")
            #expect(difference(received[index], expected) == nil, "request \(index + 1)")
        }
        // Truncated, every request carries the system prompt and one message; else the history grows.
        let counts = harness.bodies.map { $0["messages"]?.arrayValue?.count ?? 0 }
        #expect(counts.last == (truncate ? (provider == "anthropic" ? 1 : 2) : (provider == "anthropic" ? 1 : 2) + 2 * Self.steps))
    }
}
