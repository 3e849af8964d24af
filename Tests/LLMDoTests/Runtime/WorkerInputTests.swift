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

/// Attachments a model names when it calls another worker stay inside the project root; the
/// run's own input (the CLI user) may attach any file.
@Suite struct AttachmentConfinementTests {
    /// main calls `reader` with the given attachments; reader answers with what it received.
    func run(attaching paths: [String], project: TemporaryProject) async throws -> (output: String, received: [String]) {
        let received = ReceivedAttachments()
        let model = FunctionModel { request in
            if request.tools.contains(where: { $0.name == "reader" }) {
                if let result = request.lastToolResults.first { return .text(result.content) }
                return .toolCalls([.make("reader", ["input": "read these", "attachments": .array(paths.map { .string($0) })])])
            }
            let attachments = request.messages.flatMap(\.parts).compactMap { part -> String? in
                if case .attachment(let attachment) = part { return String(decoding: attachment.data, as: UTF8.self) }
                return nil
            }
            received.add(attachments)
            return .text("read \(attachments.count)")
        }
        let runtime = Runtime(program: try project.load(), options: RuntimeOptions(approvalMode: .approveAll, models: ["fn": model]))
        let output = try await runtime.run(input: "go").output.stringValue ?? ""
        return (output, received.all)
    }

    func project() throws -> (TemporaryProject, TemporaryProject) {
        let outside = try TemporaryProject(files: ["secret.txt": "canary-outside"])
        let project = try TemporaryProject(files: [
            "project.json": #"{"version": 1, "worker_files": ["main.worker", "reader.worker"]}"#,
            "main.worker": workerFile("name: main\nentry: true\nmodel: fn\ntoolsets: [reader]"),
            "reader.worker": workerFile("name: reader\nmodel: fn"),
            "notes/inside.txt": "inside",
        ])
        #expect(symlink(outside.root + "/secret.txt", project.root + "/notes/link.txt") == 0)
        #expect(symlink(outside.root, project.root + "/away") == 0)
        return (project, outside)
    }

    @Test(arguments: ["/etc/hostname", "../secret.txt", "notes/../../secret.txt", "notes/link.txt", "away/secret.txt"])
    func aModelCannotAttachFilesOutsideTheProject(path: String) async throws {
        let (project, outside) = try project()
        let relative = path.replacingOccurrences(of: "../secret.txt", with: "../\((outside.root as NSString).lastPathComponent)/secret.txt")
        let (output, received) = try await run(attaching: [relative], project: project)
        #expect(received.isEmpty, "the child model received \(received)")
        #expect(output.hasPrefix("attachment '\(relative)' refused:"), "got \(output)")
        #expect(!output.contains("canary-outside"))
    }

    @Test func aModelCanAttachFilesInsideTheProject() async throws {
        let (project, _) = try project()
        let (output, received) = try await run(attaching: ["notes/inside.txt", "notes/../notes/inside.txt"], project: project)
        #expect(output == "read 2")
        #expect(received == ["inside", "inside"])
    }

    @Test func theRunsOwnInputMayAttachAnyFile() async throws {
        let (project, outside) = try project()
        let model = FunctionModel { request in
            let texts = request.messages.flatMap(\.parts).compactMap { part -> String? in
                if case .attachment(let attachment) = part { return String(decoding: attachment.data, as: UTF8.self) }
                return nil
            }
            return .text(texts.joined())
        }
        let runtime = Runtime(program: try project.load(), options: RuntimeOptions(models: ["fn": model]))
        let output = try await runtime.run(input: ["input": "read", "attachments": [.string(outside.root + "/secret.txt")]]).output
        #expect(output == "canary-outside")
    }
}

private final class ReceivedAttachments: @unchecked Sendable {
    private let lock = NSLock()
    private var texts: [String] = []
    func add(_ more: [String]) { lock.withLock { texts += more } }
    var all: [String] { lock.withLock { texts } }
}
