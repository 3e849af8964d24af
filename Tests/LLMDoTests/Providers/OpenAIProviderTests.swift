import Foundation
import Testing
@testable import LLMDo

@Suite("Provider: OpenAI and compatible servers")
struct OpenAIProviderTests {
    static let pathTool = ToolDefinition(
        name: "delete_file", description: "",
        parametersSchema: ["type": "object", "properties": ["path": ["type": "string"]], "required": ["path"]])

    @Test func streamedTextWithUsageAndRequestShape() async throws {
        let harness = try ProviderHarness("openai", model: "gpt-4o", handler: replaying("openai_stream_text"))
        var request = ModelRequest.user("Hello")
        request.system = "Be brief."
        request.settings = ModelSettings(temperature: 0.2, maxTokens: 100, topP: 0.9, stopSequences: ["END"])
        let response = try await harness.respond(request)

        #expect(!response.message.text.isEmpty)
        #expect(harness.events.text() == response.message.text)
        #expect(response.stopReason == .endTurn)
        #expect(response.usage.inputTokens > 0 && response.usage.outputTokens > 0)

        let sent = try #require(harness.server.requests.first)
        #expect(sent.target == "/v1/chat/completions")
        #expect(sent.header("authorization") == "Bearer \(ProviderHarness.openAIKey)")
        let body = sent.json
        #expect(body["stream"] == true)
        #expect(body["stream_options"] == ["include_usage": true])
        #expect(body["max_tokens"] == 100)  // not api.openai.com: the widely supported name
        #expect(body["temperature"] == 0.2 && body["top_p"] == 0.9 && body["stop"] == ["END"])
        #expect(body["messages"] == [["role": "system", "content": "Be brief."], ["role": "user", "content": "Hello"]])
    }

    @Test func officialEndpointUsesMaxCompletionTokens() {
        let request = ModelRequest(system: "", messages: [], tools: [], settings: ModelSettings(maxTokens: 5))
        #expect(OpenAIRequest.body(for: request, model: "m", quirks: .openAIOfficial, streamWithTools: true).body["max_completion_tokens"] == 5)
    }

    @Test func streamedToolCallFragmentsAreJoined() async throws {
        let harness = try ProviderHarness("openai", handler: replaying("openai_stream_tool_single", piece: 11))
        let response = try await harness.respond(.user("multiply", tools: [Self.pathTool]))
        let call = try #require(response.message.toolCalls.first)
        #expect(call.id == "call_1EYWDzueHEp8OsB8jJSEp7WB")
        #expect(call.name == "multiply")
        guard case .parsed(let arguments) = call.arguments else { Issue.record("unparsed \(call.arguments)"); return }
        #expect(arguments["a"] != nil)
        #expect(response.stopReason == .toolUse)
        #expect(harness.bodies.first?["tool_choice"] == "auto")
        #expect(harness.bodies.first?["tools"] == [[
            "type": "function", "function": ["name": "delete_file", "description": "", "parameters": Self.pathTool.parametersSchema],
        ]])
    }

    @Test func parallelStreamedToolCallsByIndex() async throws {
        let harness = try ProviderHarness("openai", handler: replaying("openai_stream_tools_parallel"))
        let response = try await harness.respond(.user("go"))
        #expect(response.message.toolCalls.count == 2)
        #expect(Set(response.message.toolCalls.map(\.id)).count == 2)
        #expect(response.message.toolCalls.allSatisfy { if case .parsed(let v) = $0.arguments { return v.objectValue != nil }; return false })
    }

    @Test func followUpWithToolResultsMatchesRecording() throws {
        let recorded = try Fixture.json("openai_tools_parallel_results", "request.json")
        let history: [Message] = [
            .user("Delete the file `.env` and create `test.txt`"),
            Message(role: .assistant, parts: [
                .toolCall(ToolCall(id: "call_jYdIdRZHxZTn5bWCq5jlMrJi", name: "delete_file", arguments: ["path": ".env"])),
                .toolCall(ToolCall(id: "call_TmlTVWQbzrXCZ4jNsCVNbNqu", name: "create_file", arguments: ["path": "test.txt"])),
            ]),
            Message(role: .user, parts: [
                .toolResult(ToolResult(callID: "call_jYdIdRZHxZTn5bWCq5jlMrJi", toolName: "delete_file", content: "true")),
                .toolResult(ToolResult(callID: "call_TmlTVWQbzrXCZ4jNsCVNbNqu", toolName: "create_file", content: "Success")),
            ]),
        ]
        let request = ModelRequest(system: "Just call tools without asking for confirmation.", messages: history, tools: [])
        var expected = try #require(recorded["messages"]?.arrayValue)
        // llama.cpp refuses `content: null`; we send "" (OpenAI accepts both). Arguments are re-encoded compactly.
        expected[2] = [
            "role": "assistant", "content": "",
            "tool_calls": [
                ["id": "call_jYdIdRZHxZTn5bWCq5jlMrJi", "type": "function", "function": ["name": "delete_file", "arguments": #"{"path":".env"}"#]],
                ["id": "call_TmlTVWQbzrXCZ4jNsCVNbNqu", "type": "function", "function": ["name": "create_file", "arguments": #"{"path":"test.txt"}"#]],
            ],
        ]
        #expect(OpenAIRequest.messages(request) == expected)
    }

    @Test func attachmentsAsDataURLsAndFileParts() throws {
        let recorded = try Fixture.json("openai_pdf_base64", "request.json")
        let dataURL = try #require(recorded["messages"]?[0]?["content"]?[1]?["file"]?["file_data"]?.stringValue)
        let pdf = String(dataURL.dropFirst("data:application/pdf;base64,".count)).base64Bytes
        let request = ModelRequest(system: "", messages: [
            Message(role: .user, parts: [.text("What is the main content on this document?"), .attachment(Attachment(mediaType: "application/pdf", data: pdf, name: "filename.pdf"))])
        ], tools: [])
        #expect(OpenAIRequest.messages(request) == recorded["messages"]?.arrayValue)
        #expect(OpenAIRequest.attachmentPart(Attachment(mediaType: "image/png", data: [1, 2, 3], name: "x.png"))
            == ["type": "image_url", "image_url": ["url": "data:image/png;base64,AQID"]])
    }

    @Test func toolCallWithoutArgumentsKeyAndLeadingSpaceLine() async throws {
        let harness = try ProviderHarness("openai", handler: replaying("openrouter_stream_tool_quirk_no_arguments_key"))
        let response = try await harness.respond(.user("version?"))
        let call = try #require(response.message.toolCalls.first)
        #expect(call.name == "llm_version")
        #expect(call.id == "llm_version:0")
        #expect(call.arguments == .parsed([:]))
    }

    @Test func emptyAndRepeatedIDsAreMadeUnique() throws {
        let completion: JSONValue = ["choices": [[
            "finish_reason": "tool_calls",
            "message": ["content": nil, "tool_calls": [
                ["id": "", "function": ["name": "a", "arguments": "{}"]],
                ["id": "0", "function": ["name": "b", "arguments": "{}"]],
                ["id": "0", "function": ["name": "c", "arguments": "{}"]],
            ]],
        ]]]
        let client = ProviderClient(provider: "openai", model: "m", url: "", headers: [], options: ProviderOptions(environment: [:]), redactor: Redactor(secrets: []))
        let ids = try OpenAIResponse.decode(completion, client: client).message.toolCalls.map(\.id)
        #expect(Set(ids).count == 3 && !ids.contains(""))
        #expect(ids[1] == "0")
    }

    @Test func ollamaStreamWithoutUsageOrKey() async throws {
        let harness = try ProviderHarness("ollama", model: "qwen3", environment: ["OPENAI_API_KEY": ""], handler: replaying("ollama_stream_text"))
        let response = try await harness.respond(.user("hi"))
        #expect(!response.message.text.isEmpty)
        #expect(harness.model.name == "ollama:qwen3")
        #expect(harness.server.requests.first?.header("authorization") == nil)
    }

    @Test func reasoningIsKeptAsThinking() async throws {
        let harness = try ProviderHarness("ollama", handler: replayingJSON("ollama_text_reasoning_local"))
        var request = ModelRequest.user("capital of France?")
        request.settings.extra = ["stream": false]
        let response = try await harness.respond(request)
        #expect(harness.bodies.first?["stream"] == false)
        #expect(harness.bodies.first?["stream_options"] == nil)
        guard case .thinking(let thinking) = response.message.parts.first else { Issue.record("no thinking"); return }
        #expect(thinking.text.hasPrefix("Okay, the user"))
        #expect(response.message.text.contains("Paris"))
        #expect(harness.events.text() == response.message.text)
    }

    @Test func llamaCppEmptyStreamWithToolsFallsBackToPlainRequests() async throws {
        let nonStream = try Fixture.bytes("ollama_tool_call_nonstream", "response.json")
        let harness = try ProviderHarness("openai") { request, _ in
            request.json["stream"] == true
                ? LoopbackServer.reply(status: 200, body: [], contentType: "text/event-stream")
                : LoopbackServer.reply(status: 200, body: nonStream)
        }
        let request = ModelRequest.user("capital?", tools: [Self.pathTool])
        let response = try await harness.respond(request)
        #expect(response.message.toolCalls.first?.name == "final_result")
        #expect(harness.events.events(of: WarningEvent.self).count == 1)
        _ = try await harness.respond(request)
        #expect(harness.bodies.map { $0["stream"] } == [true, false, false])  // sticky
    }

    @Test func llamaCpp500CannotUseToolsWithStreamFallsBack() async throws {
        let error = try Fixture.bytes("llamacpp_error_500_tools_with_stream", "response.json")
        let nonStream = try Fixture.bytes("ollama_tool_call_nonstream", "response.json")
        let harness = try ProviderHarness("openai", configure: { $0.maxRetries = 0 }) { request, _ in
            request.json["stream"] == true
                ? LoopbackServer.reply(status: 500, body: error) : LoopbackServer.reply(status: 200, body: nonStream)
        }
        let response = try await harness.respond(.user("capital?", tools: [Self.pathTool]))
        #expect(response.stopReason == .toolUse)
        #expect(harness.server.requests.count == 2)
    }

    @Test func streamWithToolsCanBeTurnedOffUpFront() async throws {
        let harness = try ProviderHarness("openai", environment: ["LLMDO_STREAM_WITH_TOOLS": "0"], handler: replayingJSON("ollama_tool_call_nonstream"))
        _ = try await harness.respond(.user("capital?", tools: [Self.pathTool]))
        #expect(harness.bodies.first?["stream"] == false)
    }

    @Test func errorInsideA200StreamIsClear() async throws {
        let sse = """
            data: {"choices":[{"index":0,"delta":{"content":"par"}}]}

            data: {"error":{"code":400,"message":"Provider returned error","metadata":{"raw":"bad"}}}


            """
        let harness = try ProviderHarness("openai") { _, _ in LoopbackServer.stream(Array(sse.utf8)) }
        let error = try await #require(throws: ModelError.self) { try await harness.respond(.user("x")) }
        #expect(error.kind == .stream)
        #expect(error.description.contains("Provider returned error"))
        #expect(harness.server.requests.count == 1)
    }

    @Test func doneWithoutFinishReasonAndCommentKeepAlives() async throws {
        let sse = ": OPENROUTER PROCESSING\n\n: OPENROUTER PROCESSING\n\ndata: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"ok\"}}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1}}\n\ndata: [DONE]\n\n"
        let harness = try ProviderHarness("openai") { _, _ in LoopbackServer.stream(Array(sse.utf8), piece: 3) }
        let response = try await harness.respond(.user("x"))
        #expect(response.message.text == "ok")
        #expect(response.stopReason == .endTurn)
        #expect(response.usage.inputTokens == 3)
    }

    @Test func cachedTokensAreSeparated() async throws {
        let harness = try ProviderHarness("openai", handler: replayingJSON("openai_cached_tokens"))
        var request = ModelRequest.user("x")
        request.settings.extra = ["stream": false]
        let usage = try await harness.respond(request).usage
        let recorded = try Fixture.json("openai_cached_tokens", "response.json")["usage"]
        let cached = Int(recorded?["prompt_tokens_details"]?["cached_tokens"]?.int64Value ?? -1)
        #expect(usage.cacheReadTokens == cached && cached > 0)
        #expect(usage.inputTokens == Int(recorded?["prompt_tokens"]?.int64Value ?? 0) - cached)
    }

    @Test func structuredOutputUsesResponseFormat() {
        var request = ModelRequest.user("x")
        request.outputSchema = ["type": "object"]
        let body = OpenAIRequest.body(for: request, model: "m", quirks: .openAIOfficial, streamWithTools: true).body
        #expect(body["response_format"] == ["type": "json_schema", "json_schema": ["name": "final_result", "schema": ["type": "object"]]])
    }
}

extension ProviderQuirks {
    /// What api.openai.com gets: the defaults plus `max_completion_tokens`.
    static var openAIOfficial: ProviderQuirks {
        var quirks = ProviderQuirks()
        quirks.maxCompletionTokens = true
        return quirks
    }
}
