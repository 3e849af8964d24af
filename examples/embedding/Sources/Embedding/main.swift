// Runs examples/embedding/project from Swift: a tool the program injects (`greetings.greet`),
// a custom provider from the project's manifest (`loopback`) pointed at an OpenAI-compatible
// server this program starts on 127.0.0.1, and an interceptor that counts the calls.
import Foundation
import LLMDo

let projectPath = CommandLine.arguments.dropFirst().first ?? "project"
let server = try OpenAICompatibleServer()
let counter = CallCounter()
let events = RecordingEventSink()

let program = try ProjectLoader.load(path: projectPath, toolsetSources: [ToolsetList(origin: "the embedding example", toolsets: [greetings])])
let options = RuntimeOptions(
    events: events,
    // `<NAME>_BASE_URL` overrides a provider's base_url: here, the port the server got.
    environment: ["LOOPBACK_BASE_URL": "\(server.baseURL)/v1", "LOOPBACK_KEY": "not-a-secret"],
    interceptors: [counter])
let result = try await Runtime(program: program, options: options).run(input: "Ada")

print("output: \(result.output.stringValue ?? result.output.jsonText)")
print("model requests: \(counter.modelRequests)")
print("tool calls: \(counter.toolCalls)")
print("server requests: \(server.requestCount)")
print("tool results seen as events: \(events.events(of: ToolResultEvent.self).count)")
PluginLifecycle.shutdownAll()
