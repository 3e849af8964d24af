import Foundation
import Testing

@testable import LLMDo

/// The journal's records read back exactly as written, damage reported by line, and the
/// manifest's `runtime.journal` / `runtime.idempotent_tools`.
@Suite struct JournalFormatTests {
    @Test func aResponseRoundTripsWithEveryPartKind() throws {
        let message = Message(role: .assistant, parts: [
            .text("hi"), .toolCall(ToolCall(id: "t1", name: "add", arguments: ["a": 1])),
            .toolCall(ToolCall(id: "t2", name: "add", arguments: .invalid("{\"a\":"))),
            .toolResult(ToolResult(callID: "t0", toolName: "add", content: "3", isError: true)),
            .attachment(Attachment(mediaType: "image/png", data: [0, 255, 7], name: "x.png")),
            .thinking(Thinking(text: "hmm", signature: "sig")), .providerBlock(ProviderBlock(provider: "anthropic", json: ["type": "x"])),
        ])
        let response = ModelResponse(
            message: message, usage: Usage(requests: 1, inputTokens: 5, outputTokens: 7, cacheReadTokens: 2),
            stopReason: .other("weird"), modelName: "m-1")
        let line = JournalCoding.encode(response).jsonText
        let back = try JournalCoding.decodeResponse(try JSONValue(parsing: line))
        #expect(back.message == message && back.usage == response.usage && back.stopReason == .other("weird") && back.modelName == "m-1")

        for result in [Result<ToolOutput, ToolError>.success(.text("t")), .success(.json(["k": [1, 2]])), .failure(.retry("r")), .failure(.denied("d"))] {
            #expect(try JournalCoding.decodeToolResult(JournalCoding.encode(result)) == result)
        }
    }

    /// Version 2 added chat sessions (a marked header, `turn` records); a version 1 journal
    /// still reads, as a one-shot run's.
    @Test func chatRecordsRoundTripAndVersion1StillReads() throws {
        let header = JournalRecord.header(.init(llmdoVersion: "0", runID: "s", project: "/p", projectHash: "h", input: .null, chat: true))
        for record in [header, .turn(number: 2, input: "hello")] {
            #expect(try JournalRecord(json: try JSONValue(parsing: record.json.jsonText)) == record)
        }
        let old = try JournalRecord(json: try JSONValue(parsing:
            #"{"type":"header","journal_version":1,"llmdo":"0","run_id":"r","project":"/p","project_hash":"h","input":"go"}"#))
        guard case .header(let read) = old else { throw JournalError("not a header") }
        #expect(read.version == 1 && !read.chat)
    }

    @Test func damageBeforeTheLastLineIsAnErrorNamingTheLine() throws {
        let project = try TemporaryProject(files: [:])
        let header = JournalRecord.header(.init(llmdoVersion: "0", runID: "r", project: "/p", projectHash: "h", input: "go")).json.jsonText
        let cases: [(String, String)] = [
            ("", "is empty: no journal header"),
            (header + "\n{oops\n" + #"{"type":"end","status":"ok"}"# + "\n", "line 2: not valid JSON"),
            (header + "\n" + #"{"type":"model","call":"c1"}"# + "\n", "line 2: missing integer field 'seq'"),
            (#"{"type":"end","status":"ok"}"# + "\n", "line 1: expected the journal header"),
            (header.replacingOccurrences(of: #""journal_version":2"#, with: #""journal_version":9"#) + "\n", "journal format version 9"),
        ]
        for (index, (text, expected)) in cases.enumerated() {
            let path = "\(project.root)/j\(index).jsonl"
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            #expect(throws: JournalError.self) { try JournalContents.read(path: path) }
            do {
                _ = try JournalContents.read(path: path)
            } catch {
                #expect(error.message.contains(expected) && error.message.contains(path), "\(error.message)")
            }
        }
    }

    @Test func manifestJournalSettings() throws {
        let project = try TemporaryProject(files: [
            "project.json": #"{"version": 1, "worker_files": ["main.worker"], "runtime": {"journal": {"dir": "j", "fsync": true}, "idempotent_tools": ["fs", "calc.add"]}}"#,
            "main.worker": workerFile("name: main\nentry: true\nmodel: test"),
        ])
        let runtime = try project.load().manifest.runtime
        #expect(runtime.journal == JournalSettings(directory: "j", fsync: true))
        #expect(runtime.declaresIdempotent("fs", "read") && runtime.declaresIdempotent("calc", "add") && !runtime.declaresIdempotent("calc", "mul"))

        try project.write("project.json", #"{"version": 1, "worker_files": ["main.worker"], "runtime": {"journal": {"folder": "j"}, "idempotent_tools": "calc"}}"#)
        let problems = project.diagnostics()
        #expect(problems.contains { $0.contains("runtime.journal") && $0.contains("expected a folder name or an object") }, "\(problems)")
        #expect(problems.contains { $0.contains("runtime.idempotent_tools") && $0.contains("expected an array of names") }, "\(problems)")
    }
}

/// The journal as a library: with nobody to ask, `return_permission_errors` still gives the
/// model a permission error instead of failing the run, and the denial is not journaled as a decision.
@Suite struct JournalRuntimeTests {
    @Test func permissionErrorsStillReachTheModelWhenJournaled() async throws {
        let project = try TemporaryProject(files: [:])
        var manifest = Manifest(path: project.root + "/project.json")
        manifest.runtime.returnPermissionErrors = true
        let worker = WorkerSpec(
            name: "main", isEntry: true, model: "fn", toolsetRefs: [NameRef(name: "gated", line: nil)], instructions: "Go.",
            file: "main.worker")
        let program = try Linker.link(
            manifest: manifest, projectRoot: project.root, workers: [worker],
            plugins: [LoadedPlugin(declaredPath: "g.so", resolvedPath: "g.so", toolsets: [GatedToolset()], entries: [])])
        let model = FunctionModel { request in
            request.lastToolResults.isEmpty ? .toolCalls([.make("guarded_write", [:])]) : .text(request.lastToolResults[0].content)
        }
        let path = project.root + "/run.jsonl"
        let journal = RunJournal(mode: .record, writer: try JournalWriter(path: path))
        let options = RuntimeOptions(
            approver: JournalApprover(base: nil, journal: journal), models: ["fn": model], interceptors: [journal])
        let result = try await Runtime(program: program, options: options).run(input: "go")
        #expect(result.output.stringValue?.hasPrefix("permission error:") == true, "\(result.output)")
        let records = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!records.contains("\"approval\"") && records.contains("\"model\""))
    }
}

/// One tool that always needs approval.
private struct GatedToolset: Toolset {
    let name = "gated"
    var tools: [ToolDefinition] {
        [ToolDefinition(name: "guarded_write", description: "Writes.", parametersSchema: ["type": "object"], approval: .always)]
    }
    func makeInstance(context: ToolsetContext) async throws -> any ToolsetInstance { Instance() }

    struct Instance: ToolsetInstance {
        func call(tool: String, arguments: JSONValue, invocation: ToolInvocation) async throws -> ToolOutput { .text("written") }
    }
}
