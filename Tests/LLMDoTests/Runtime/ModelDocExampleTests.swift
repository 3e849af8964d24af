import Testing
import LLMDo

// The `Model` protocol's doc example (Sources/LLMDo/Models/Model.swift), verbatim: it must keep
// compiling against the public API alone (a plain `import`, not `@testable`).
struct EchoModel: Model {
    let name = "echo"

    func respond(to request: ModelRequest, context: ModelContext) async throws -> ModelResponse {
        let text = request.messages.last?.text ?? ""
        context.textDelta(text)
        return ModelResponse(message: .assistant(text), stopReason: .endTurn, modelName: name)
    }
}

@Suite struct ModelDocExampleTests {
    @Test func theDocExampleModelAnswersAWorkerRegisteredUnderItsName() async throws {
        let project = try TemporaryProject(files: [
            "project.json": #"{"version": 1, "worker_files": ["main.worker"]}"#,
            "main.worker": workerFile("name: main\nentry: true\nmodel: echo"),
        ])
        let options = RuntimeOptions(models: ["echo": EchoModel()])
        let result = try await Runtime(program: project.load(), options: options).run(input: "hello there")
        #expect(result.output == "hello there")
    }
}
