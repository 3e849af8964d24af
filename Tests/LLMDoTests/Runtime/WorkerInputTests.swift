import Foundation
import Testing
@testable import LLMDo

@Suite struct WorkerInputTests {
    @Test func defaultSchemaMakesTextAndAttachments() throws {
        let project = try TemporaryProject(files: ["notes.txt": "hello", "doc.pdf": "%PDF-1.4\n%fake\n"])
        let spec = WorkerSpec(name: "w", instructions: "", file: "w.worker")
        let message = try WorkerInput.userMessage(
            for: spec, input: ["input": "summarize", "attachments": ["notes.txt", "doc.pdf"]], projectRoot: project.root)
        #expect(message.text == "summarize")
        let types = message.parts.compactMap { if case .attachment(let a) = $0 { return a.mediaType }; return nil }
        #expect(types == ["text/plain", "application/pdf"])
    }

    @Test func missingAttachmentIsAClearError() throws {
        let spec = WorkerSpec(name: "w", instructions: "", file: "w.worker")
        do {
            _ = try WorkerInput.userMessage(for: spec, input: ["input": "x", "attachments": ["nope.pdf"]], projectRoot: "/tmp")
            Issue.record("expected an error")
        } catch let error as RunError {
            #expect(error.message.contains("attachment 'nope.pdf' does not exist"))
        }
    }

    @Test func mediaTypesByContent() {
        #expect(AttachmentLoader.mediaType(of: [0x89, 0x50, 0x4E, 0x47, 0], path: "x") == "image/png")
        #expect(AttachmentLoader.mediaType(of: [0xFF, 0xD8, 0xFF, 0xE0], path: "x") == "image/jpeg")
        #expect(AttachmentLoader.mediaType(of: Array("GIF89a".utf8), path: "x") == "image/gif")
        #expect(AttachmentLoader.mediaType(of: Array("RIFF1234WEBPVP8 ".utf8), path: "x") == "image/webp")
        #expect(AttachmentLoader.mediaType(of: [0x00, 0x01, 0xFE], path: "x") == nil)
    }

    @Test func templateRendering() throws {
        var spec = WorkerSpec(name: "w", instructions: "", file: "w.worker")
        spec.inputSchema = [
            "type": "object", "properties": ["ticket": ["type": "string"], "priority": ["type": "integer", "default": 2]],
            "required": ["ticket"],
        ]
        spec.promptTemplate = "Ticket: {{ ticket }} (priority {{priority}}) {{unknown}}"
        let message = try WorkerInput.userMessage(for: spec, input: ["ticket": "printer on fire"], projectRoot: "/")
        #expect(message.text == "Ticket: printer on fire (priority 2) {{unknown}}")
    }

    @Test func customSchemaWithoutTemplateRendersFieldLines() throws {
        var spec = WorkerSpec(name: "w", instructions: "", file: "w.worker")
        spec.inputSchema = ["type": "object", "properties": ["a": ["type": "string"], "b": ["type": "array"]]]
        let message = try WorkerInput.userMessage(for: spec, input: ["a": "x", "b": [1, 2]], projectRoot: "/")
        #expect(message.text == "a: x\nb: [1,2]")
    }

    @Test func inputMustMatchTheSchema() {
        var spec = WorkerSpec(name: "w", instructions: "", file: "w.worker")
        spec.inputSchema = ["type": "object", "properties": ["n": ["type": "integer"]], "required": ["n"]]
        #expect(throws: RunError.self) { try WorkerInput.userMessage(for: spec, input: ["n": "x"], projectRoot: "/") }
    }
}
