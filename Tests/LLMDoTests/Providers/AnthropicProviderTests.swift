import Foundation
import Testing
@testable import LLMDo

@Suite("Provider: Anthropic")
struct AnthropicProviderTests {
    @Test func streamedTextWithUsageAndRequestShape() async throws {
        let harness = try ProviderHarness("anthropic", model: "claude-sonnet-4-5", handler: replaying("anthropic_stream_text"))
        var request = ModelRequest.user("Ten names for a pet pelican")
        request.system = "Be brief."
        request.settings = ModelSettings(temperature: 0.5, stopSequences: ["END"], extra: ["metadata": ["user_id": "u1"]])
        let response = try await harness.respond(request)

        #expect(response.message.text.hasPrefix("- Captain\n- Scoop"))
        #expect(harness.events.text() == response.message.text)
        #expect(response.usage == Usage(requests: 1, inputTokens: 17, outputTokens: 10))
        #expect(response.stopReason == .endTurn)
        #expect(response.modelName == "claude-sonnet-4-5-20250929")

        let sent = try #require(harness.server.requests.first)
        #expect(sent.target == "/v1/messages")
        #expect(sent.header("x-api-key") == ProviderHarness.anthropicKey)
        #expect(sent.header("anthropic-version") == "2023-06-01")
        let body = sent.json
        #expect(body["model"] == "claude-sonnet-4-5")
        #expect(body["max_tokens"] == 8192)
        #expect(body["stream"] == true)
        #expect(body["system"] == "Be brief.")
        #expect(body["temperature"] == 0.5)
        #expect(body["stop_sequences"] == ["END"])
        #expect(body["metadata"] == ["user_id": "u1"])
        #expect(body["messages"] == [["role": "user", "content": [["type": "text", "text": "Ten names for a pet pelican"]]]])
    }

    @Test func thinkingRoundTripsWithSignature() async throws {
        let harness = try ProviderHarness("anthropic", handler: replaying("anthropic_stream_thinking", piece: 5))
        let response = try await harness.respond(.user("Think"))
        guard case .thinking(let thinking) = response.message.parts.first else {
            Issue.record("expected a thinking part first, got \(response.message.parts)")
            return
        }
        #expect(!thinking.text.isEmpty)
        let signature = try #require(thinking.signature)
        #expect(!harness.events.text().contains(thinking.text))  // thinking is not streamed as answer text

        let next = ModelRequest(system: "", messages: [.user("Think"), response.message, .user("More")], tools: [])
        _ = try await harness.respond(next)
        let assistant = try #require(harness.bodies.last?["messages"]?.arrayValue?[1])
        #expect(assistant["content"]?.arrayValue?.first == [
            "type": "thinking", "thinking": .string(thinking.text), "signature": .string(signature),
        ])
    }

    @Test func redactedThinkingAndUnknownBlocksArePreserved() throws {
        let message: JSONValue = [
            "content": [
                ["type": "redacted_thinking", "data": "opaque"], ["type": "future_block", "x": 1],
                ["type": "text", "text": "hi"],
            ],
            "stop_reason": "end_turn",
        ]
        let client = ProviderClient(provider: "anthropic", model: "m", url: "", headers: [], options: ProviderOptions(environment: [:]), redactor: Redactor(secrets: []))
        let response = try AnthropicResponse.decode(message, structuredOutput: false, client: client)
        let sent = AnthropicRequest.messages([response.message])
        #expect(sent.first?["content"] == message["content"])
    }

    @Test func parallelToolCallsWithoutArgumentsAndTheirResults() async throws {
        let tool = ToolDefinition(name: "pelican_name_generator", description: "", parametersSchema: ["properties": [:], "type": "object"])
        let harness = try ProviderHarness("anthropic", handler: replaying("anthropic_stream_tools_parallel_noargs"))
        let response = try await harness.respond(.user("Two names for a pet pelican", tools: [tool]))
        #expect(response.stopReason == .toolUse)
        #expect(response.message.toolCalls.map(\.arguments) == [.parsed([:]), .parsed([:])])
        #expect(response.message.toolCalls.map(\.id) == ["toolu_01LtHJmixrs9NcWQkK8hu8hj", "toolu_01N8a4jWyf116qKTMqKKmjyt"])
        #expect(response.usage.outputTokens > 0)

        // The follow-up carries both results in one user message, as recorded.
        let calls = response.message.toolCalls
        let history: [Message] = [
            .user("Two names for a pet pelican"),
            Message(role: .assistant, parts: [.text(" ")] + calls.map { .toolCall($0) }),
            Message(role: .user, parts: [.toolResult(ToolResult(callID: calls[0].id, toolName: tool.name, content: "Charles"))]),
            Message(role: .user, parts: [.toolResult(ToolResult(callID: calls[1].id, toolName: tool.name, content: "Sammy"))]),
        ]
        _ = try await harness.respond(ModelRequest(system: "", messages: history, tools: [tool]))
        let recorded = try Fixture.json("anthropic_stream_tool_results_followup", "request.json")
        #expect(harness.bodies.last?["messages"] == recorded["messages"])
        #expect(harness.bodies.last?["tools"] == recorded["tools"])
    }

    @Test func toolResultErrorsAreFlagged() {
        let messages = AnthropicRequest.messages([
            Message(role: .user, parts: [.text("after"), .toolResult(ToolResult(callID: "t1", toolName: "x", content: "boom", isError: true))])
        ])
        #expect(messages.first?["content"] == [
            ["type": "tool_result", "tool_use_id": "t1", "content": "boom", "is_error": true], ["type": "text", "text": "after"],
        ])
    }

    @Test func webSearchServerToolAndCitationsRoundTrip() async throws {
        let harness = try ProviderHarness("anthropic", model: "claude-opus-4-1-20250805", handler: replaying("anthropic_stream_web_search", piece: 64))
        var request = ModelRequest.user("What is the current weather in San Francisco?")
        request.serverSideTools = [["type": "web_search"]]
        let response = try await harness.respond(request)

        let recorded = try Fixture.json("anthropic_stream_web_search", "request.json")
        #expect(harness.bodies.first?["tools"] == recorded["tools"])
        let blocks = response.message.parts.compactMap { if case .providerBlock(let b) = $0 { return b.json }; return nil }
        #expect(blocks.first?["type"] == "server_tool_use")
        #expect(blocks.first?["input"]?["query"]?.stringValue?.isEmpty == false)
        #expect(blocks.contains { $0["type"] == "web_search_tool_result" })
        #expect(blocks.contains { ($0["citations"]?.arrayValue?.count ?? 0) > 0 })
        #expect(response.message.text.contains("San Francisco"))
        #expect(harness.events.text() == response.message.text)

        _ = try await harness.respond(ModelRequest(system: "", messages: [.user("q"), response.message, .user("thanks")], tools: []))
        let replayed = try #require(harness.bodies.last?["messages"]?.arrayValue?[1]["content"]?.arrayValue)
        #expect(replayed.count == response.message.parts.count)
        #expect(replayed.first == blocks.first)
    }

    @Test func serverToolsGetVersionsNamesAndBetas() {
        #expect(AnthropicRequest.serverTool(["type": "web_search", "max_uses": 5, "allowed_domains": ["a.com"]]).tool
            == ["type": "web_search_20250305", "name": "web_search", "max_uses": 5, "allowed_domains": ["a.com"]])
        let fetch = AnthropicRequest.serverTool(["type": "web_fetch"])
        #expect(fetch.tool == ["type": "web_fetch_20250910", "name": "web_fetch"])
        #expect(fetch.beta == "web-fetch-2025-09-10")
        #expect(AnthropicRequest.serverTool(["type": "code_execution"]).tool == ["type": "code_execution_20250825", "name": "code_execution"])
        #expect(AnthropicRequest.serverTool(["type": "web_search_20260209"]).tool == ["type": "web_search_20260209", "name": "web_search"])
    }

    @Test func betaHeaderIsSentForServerTools() async throws {
        let harness = try ProviderHarness("anthropic", handler: replaying("anthropic_stream_text"))
        var request = ModelRequest.user("fetch it")
        request.serverSideTools = [["type": "web_fetch"], ["type": "code_execution"]]
        _ = try await harness.respond(request)
        #expect(harness.server.requests.first?.header("anthropic-beta") == "web-fetch-2025-09-10,code-execution-2025-08-25")
    }

    @Test func attachmentsBecomeImageDocumentAndTextBlocks() throws {
        let image = try Fixture.json("anthropic_stream_image_base64", "request.json")
        let png = try #require(image["messages"]?[0]?["content"]?[0]?["source"]?["data"]?.stringValue).base64Bytes
        let imageMessages = AnthropicRequest.messages([
            Message(role: .user, parts: [.attachment(Attachment(mediaType: "image/png", data: png, name: "p.png")), .text("Describe image in three words")])
        ])
        #expect(imageMessages == image["messages"]?.arrayValue)

        let pdf = try Fixture.json("anthropic_pdf_base64", "request.json")
        let pdfBytes = try #require(pdf["messages"]?[0]?["content"]?[1]?["source"]?["data"]?.stringValue).base64Bytes
        let pdfMessages = AnthropicRequest.messages([
            Message(role: .user, parts: [.text("What is the main content on this document?"), .attachment(Attachment(mediaType: "application/pdf", data: pdfBytes, name: "d.pdf"))])
        ])
        #expect(pdfMessages == pdf["messages"]?.arrayValue)

        let text = AnthropicRequest.attachmentBlock(Attachment(mediaType: "text/plain", data: Array("hello".utf8), name: "a.txt"))
        #expect(text == ["type": "text", "text": "a.txt:\nhello"])
    }

    @Test func truncatedToolInputIsAClearError() async throws {
        let harness = try ProviderHarness("anthropic", handler: replaying("anthropic_stream_max_tokens_truncated_tool_input"))
        let error = try await #require(throws: ModelError.self) { try await harness.respond(.user("x")) }
        #expect(error.kind == .truncatedToolInput)
        #expect(error.description.contains("max_tokens"))
        #expect(harness.server.requests.count == 1)
    }

    @Test func serverIgnoringStreamStillWorks() async throws {
        let harness = try ProviderHarness("anthropic", handler: replayingJSON("anthropic_thinking_tool_use"))
        let response = try await harness.respond(.user("x"))
        #expect(response.stopReason == .toolUse)
        #expect(response.message.toolCalls.count == 1)
        #expect(response.message.parts.contains { if case .thinking(let t) = $0 { return t.signature != nil }; return false })
    }

    @Test func cacheUsageIsCounted() async throws {
        let harness = try ProviderHarness("anthropic", handler: replayingJSON("anthropic_cache_usage"))
        let usage = try await harness.respond(.user("x")).usage
        #expect(usage.inputTokens == 3 && usage.cacheCreationTokens == 418 && usage.cacheReadTokens == 1111)
    }

    @Test func structuredOutputIsAForcedFinalTool() async throws {
        let sse = """
            event: message_start
            data: {"type":"message_start","message":{"model":"m","content":[],"usage":{"input_tokens":5,"output_tokens":1}}}

            event: content_block_start
            data: {"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"toolu_1","name":"final_result","input":{}}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{\\"city\\": \\"Pa"}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"ris\\"}"}}

            event: content_block_stop
            data: {"type":"content_block_stop","index":0}

            event: message_delta
            data: {"type":"message_delta","delta":{"stop_reason":"tool_use"},"usage":{"output_tokens":9}}

            event: message_stop
            data: {"type":"message_stop"}


            """
        let harness = try ProviderHarness("anthropic") { _, _ in LoopbackServer.stream(Array(sse.utf8)) }
        var request = ModelRequest.user("capital of France?")
        let schema: JSONValue = ["type": "object", "properties": ["city": ["type": "string"]]]
        request.outputSchema = schema
        let response = try await harness.respond(request)
        #expect(try JSONValue(parsing: response.message.text) == ["city": "Paris"])
        #expect(response.stopReason == .endTurn)
        #expect(response.usage.outputTokens == 9)
        let body = try #require(harness.bodies.first)
        #expect(body["tools"] == [["name": "final_result", "description": "Give the final answer in this structure.", "input_schema": schema]])
        #expect(body["tool_choice"] == ["type": "tool", "name": "final_result"])
    }
}

extension String {
    var base64Bytes: [UInt8] { Array(Data(base64Encoded: self) ?? Data()) }
}
