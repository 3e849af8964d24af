import Foundation
import Testing
@testable import LLMDo

/// Against a real llama.cpp server (scripts/local-model.sh); skipped unless LLMDO_LOCAL_MODEL_URL
/// is set, as scripts/test-local.sh does. Serialized: llama-cpp-python's server aborts a running
/// stream when another request arrives.
@Suite("Provider: local model", .serialized, .enabled(if: ProcessInfo.processInfo.environment["LLMDO_LOCAL_MODEL_URL"] != nil))
struct LocalModelTests {
    let events = RecordingEventSink()
    var context: ModelContext { ModelContext(workerName: "local", depth: 0, events: events) }

    func model() throws -> any Model {
        let url = ProcessInfo.processInfo.environment["LLMDO_LOCAL_MODEL_URL"] ?? ""
        var options = ProviderOptions(environment: ["OPENAI_BASE_URL": url])
        options.maxRetries = 1
        options.idleTimeout = 60
        return try #require(try makeProviderModel(provider: "openai", model: "smollm2", options: options))
    }

    @Test func streamedAnswer() async throws {
        var request = ModelRequest.user("Say hello in five words.")
        request.settings.maxTokens = 40
        let response = try await model().respond(to: request, context: context)
        #expect(!response.message.text.isEmpty)
        #expect(events.text() == response.message.text)
    }

    @Test func toolRoundTrip() async throws {
        let add = ToolDefinition(
            name: "add", description: "Add two numbers",
            parametersSchema: ["type": "object", "properties": ["a": ["type": "number"], "b": ["type": "number"]], "required": ["a", "b"]])
        let model = try model()
        var request = ModelRequest(
            system: "You are a calculator. Always use the tools.", messages: [.user("What is 2 plus 3?")], tools: [add],
            settings: ModelSettings(maxTokens: 100))
        let first = try await model.respond(to: request, context: context)
        let call = try #require(first.message.toolCalls.first, "no tool call in \(first.message)")
        #expect(call.name == "add")
        request.messages += [first.message, Message(role: .user, parts: [.toolResult(ToolResult(callID: call.id, toolName: "add", content: "5"))])]
        _ = try await model.respond(to: request, context: context)  // "" assistant content is accepted
        #expect(events.events(of: WarningEvent.self).count == 1)  // the server cannot stream tool calls: fell back once
    }
}
