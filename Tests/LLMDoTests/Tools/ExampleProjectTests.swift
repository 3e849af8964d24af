import Foundation
import Testing
@testable import LLMDo

/// The examples under `examples/`, run through the library on a copy of their folder. The
/// program is built here from the example's own files (the project loader is not part of this
/// layer), with only the frontmatter fields these examples use read.
@Suite("Example projects")
struct ExampleProjectTests {
    /// An example copied to a temporary folder, with its manifest and worker read.
    struct Example {
        let folder: TemporaryFolder
        let manifest: JSONValue
        let worker: WorkerSpec

        init(_ name: String) throws {
            let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("examples/\(name)")
            folder = try TemporaryFolder()
            for item in try FileManager.default.contentsOfDirectory(atPath: source.path) {
                try FileManager.default.copyItem(atPath: source.path + "/" + item, toPath: folder.path + "/" + item)
            }
            manifest = try JSONValue(parsing: try String(contentsOfFile: folder.path + "/project.json", encoding: .utf8))
            worker = try Self.worker(try String(contentsOfFile: folder.path + "/main.worker", encoding: .utf8))
        }

        /// `name`, `description`, `entry`, `model` and a flow-list `toolsets` from the frontmatter.
        static func worker(_ text: String) throws -> WorkerSpec {
            let parts = text.components(separatedBy: "---\n")
            try #require(parts.count >= 3 && parts[0].isEmpty)
            var fields: [String: String] = [:]
            for line in parts[1].split(separator: "\n") {
                guard let colon = line.firstIndex(of: ":") else { continue }
                fields[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            let toolsets = (fields["toolsets"] ?? "").trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
                .split(separator: ",").map { NameRef(name: $0.trimmingCharacters(in: .whitespaces), line: nil) }
            return WorkerSpec(
                name: fields["name"] ?? "", description: fields["description"], isEntry: fields["entry"] == "true",
                model: fields["model"], toolsetRefs: toolsets, instructions: parts[2...].joined(separator: "---\n"),
                file: "main.worker")
        }

        func runtime(model: (any Model)? = nil, mode: ApprovalMode? = nil, approver: (any Approver)? = nil, extra: [any Toolset] = [])
            -> Runtime
        {
            var config = RuntimeConfig()
            config.approvalMode = ApprovalMode(rawValue: manifest["runtime"]?["approval_mode"]?.stringValue ?? "") ?? .prompt
            var toolsets = BuiltinToolsets.all()
            for toolset in extra { toolsets[toolset.name] = toolset }
            let program = Program(
                projectRoot: folder.path,
                manifest: Manifest(path: folder.path + "/project.json", runtime: config, workerFiles: ["main.worker"]),
                workers: [worker.name: worker], toolsets: toolsets, plugins: [], entry: .worker(worker.name))
            let options = RuntimeOptions(
                approvalMode: mode, modelOverride: model == nil ? "test" : "scripted", approver: approver,
                workingDirectory: folder.path, models: model.map { ["scripted": $0] } ?? [:])
            return Runtime(program: program, options: options)
        }
    }

    @Test("every example follows the documented project format")
    func format() throws {
        for name in ["approvals_demo", "code_analyzer", "file_organizer"] {
            let example = try Example(name)
            #expect(example.manifest["version"] == 1)
            #expect(example.manifest["runtime"] == ["approval_mode": "prompt"])
            #expect(example.manifest["worker_files"] == ["main.worker"])
            #expect(example.worker.name == "main" && example.worker.isEntry)
            #expect(example.worker.model == "anthropic:claude-haiku-4-5")
            #expect(example.worker.description?.isEmpty == false)
            #expect(FileManager.default.fileExists(atPath: example.folder.path + "/README.md"))
        }
        #expect(try Example("file_organizer").manifest["plugin_files"] == ["libfile_tools.so"])
    }

    @Test("approvals_demo: --model test runs with writes approved")
    func approvalsDemoTestModel() async throws {
        let example = try Example("approvals_demo")
        #expect(example.worker.toolsetRefs.map(\.name) == ["filesystem_project"])
        let result = try await example.runtime(mode: .approveAll).run(input: "Plan the release notes")
        #expect(result.output.stringValue?.hasPrefix("test model called 3 tools") == true)
    }

    @Test("approvals_demo: the log is written only through an approved write_file")
    func approvalsDemo() async throws {
        let example = try Example("approvals_demo")
        let approver = RecordingApprover(.approveOnce)
        let script = ScriptedModel([
            [.call("1", "read_file", ["path": "notes/activity.log"])],
            [.call("2", "write_file", ["path": "notes/activity.log", "content": "- plan the release notes\n"])],
        ])
        _ = try await example.runtime(model: script.model, approver: approver).run(input: "Plan the release notes")
        #expect(script.results.first?.content == "'notes/activity.log' does not exist")
        #expect(approver.requests.map(\.description) == ["write 25 chars to notes/activity.log"])
        #expect(example.folder.read("notes/activity.log") == "- plan the release notes\n")
    }

    @Test("code_analyzer: read-only shell commands run without approval, inside the folder")
    func codeAnalyzer() async throws {
        let example = try Example("code_analyzer")
        #expect(example.worker.toolsetRefs.map(\.name) == ["shell_readonly"])
        try example.folder.write("src/app.swift", "let a = 1 // TODO: name\nlet b = 2\n")
        let testRun = try await example.runtime().run(input: "How big is it?")
        // The test model runs the schema's example command, `ls`, in the folder.
        #expect(testRun.output.stringValue?.contains(#"shell: {"exit_code":0,"stdout":"README.md\nmain.worker\nproject.json\nsrc\n""#) == true)
        let script = ScriptedModel([[
            .call("1", "shell", ["command": "grep -rn TODO src"]), .call("2", "shell", ["command": "wc -l src/app.swift"]),
            .call("3", "shell", ["command": "cat ../../etc/passwd"]),
        ]])
        _ = try await example.runtime(model: script.model).run(input: "Where are the TODOs?")
        let results = script.results
        #expect(results[0].content.contains(#""stdout":"src/app.swift:1:let a = 1 // TODO: name\n""#))
        #expect(results[1].content.contains(#""stdout":"2 src/app.swift\n""#))
        #expect(results[2].isError && results[2].content.contains("'..'"))
    }

    @Test("file_organizer: sanitize_filename from file_tools, then mv with approval")
    func fileOrganizer() async throws {
        let example = try Example("file_organizer")
        #expect(example.worker.toolsetRefs.map(\.name) == ["file_tools", "shell_file_ops"])
        let approver = RecordingApprover(.approveOnce)
        let script = ScriptedModel([
            [.call("1", "shell", ["command": "ls messy_files"]), .call("2", "sanitize_filename", ["name": "Meeting Notes.txt"])],
            [.call("3", "shell", ["command": #"mv "messy_files/Meeting Notes (2).txt" messy_files/meeting-notes.txt"#])],
        ])
        _ = try await example.runtime(model: script.model, approver: approver, extra: [FileToolsStandIn()]).run(input: "Tidy up")
        let results = script.results
        #expect(results[0].content.contains("FINAL_Report_v3.txt"))
        #expect(results[1].content == "meeting-notes.txt")
        #expect(approver.requests.map(\.description) == [#"run: mv "messy_files/Meeting Notes (2).txt" messy_files/meeting-notes.txt"#])
        #expect(example.folder.exists("messy_files/meeting-notes.txt"))
        #expect(!example.folder.exists("messy_files/Meeting Notes (2).txt"))
    }
}

/// Stands in for the `file_tools` plugin (`libfile_tools.so`, built by the plugin layer) with
/// the same toolset name, tool and schema, so the example's worker links and runs here.
struct FileToolsStandIn: Toolset, ToolsetInstance {
    let name = "file_tools"
    var tools: [ToolDefinition] {
        [ToolDefinition(
            name: "sanitize_filename", description: "Clean a readable file name.",
            parametersSchema: ["type": "object", "properties": ["name": ["type": "string"]], "required": ["name"]])]
    }

    func makeInstance(context: ToolsetContext) async throws -> any ToolsetInstance { self }

    func call(tool: String, arguments: JSONValue, invocation: ToolInvocation) async throws -> ToolOutput {
        let name = arguments["name"]?.stringValue ?? ""
        let (stem, ext) = name.lastIndex(of: ".").map { (name[..<$0], name[$0...].lowercased()) } ?? (name[...], "")
        let words = stem.lowercased().split { !$0.isLetter && !$0.isNumber }
        return .text(words.joined(separator: "-") + ext)
    }
}
