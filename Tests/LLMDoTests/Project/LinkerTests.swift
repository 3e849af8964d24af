import Testing
@testable import LLMDo

@Suite struct LinkerTests {
    func project(_ workers: [String: String], plugins: String = "") throws -> TemporaryProject {
        let names = workers.keys.sorted().map { "\"\($0)\"" }.joined(separator: ", ")
        var files = workers
        files["project.json"] = #"{"version": 1, "worker_files": [\#(names)]}"#
        return try TemporaryProject(files: files)
    }

    @Test func unknownToolsetNamesFileLineAndSuggestion() throws {
        let p = try project([
            "main.worker": workerFile("name: main\nentry: true\ntoolsets:\n  - helpr"),
            "helper.worker": workerFile("name: helper"),
        ])
        #expect(p.diagnostics() == ["main.worker:5: toolsets: unknown toolset 'helpr'; did you mean 'helper'?"])
    }

    @Test func noEntryListsTheWorkers() throws {
        let p = try project(["a.worker": workerFile("name: a"), "b.worker": workerFile("name: b")])
        #expect(p.diagnostics().first?.hasSuffix("no entry: mark one worker with 'entry: true' or add a plugin with an entry function (workers: a, b)") == true)
    }

    @Test func twoEntriesListTheCandidates() throws {
        let p = try project([
            "a.worker": workerFile("name: a\nentry: true"), "b.worker": workerFile("name: b\nentry: true"),
        ])
        let message = try #require(p.diagnostics().first)
        #expect(message.contains("more than one entry"))
        #expect(message.contains("worker 'a' (a.worker)") && message.contains("worker 'b' (b.worker)"))
    }

    @Test func duplicateNamesNameBothOrigins() throws {
        let p = try project([
            "a.worker": workerFile("name: same\nentry: true"), "b.worker": workerFile("name: same"),
        ])
        #expect(p.diagnostics() == ["b.worker: name: 'same' is defined twice: here and as worker in a.worker"])
    }

    @Test func unknownProviderIsAProjectError() throws {
        let p = try project(["a.worker": workerFile("name: a\nentry: true\nmodel: antropic:claude")])
        #expect(p.diagnostics().first?.contains("unknown model provider 'antropic'") == true)
        #expect(p.diagnostics().first?.contains("did you mean 'anthropic'?") == true)
    }

    @Test func workerMayListItself() throws {
        let p = try project(["a.worker": workerFile("name: a\nentry: true\ntoolsets: [a]")])
        #expect(p.diagnostics().isEmpty)
    }

    @Test func reportsErrorsAcrossFilesTogether() throws {
        let p = try project([
            "a.worker": workerFile("name: a\nentry: true\nmodle: x"), "b.worker": "no frontmatter",
        ])
        #expect(p.diagnostics().count == 2)
    }

    @Test func clashingToolNamesInOneWorker() throws {
        let program = try? makeProgram(
            [WorkerSpec(name: "main", isEntry: true, toolsetRefs: [NameRef(name: "m1", line: 3), NameRef(name: "m2", line: 4)], instructions: "", file: "main.worker")],
            toolsets: [MathToolset(name: "m1"), MathToolset(name: "m2")])
        #expect(program == nil)
    }

    @Test func didYouMeanDistance() {
        #expect(DidYouMean.editDistance("kitten", "sitting") == 3)
        #expect(DidYouMean.suggestion(for: "filesytem", among: ["filesystem_project", "filesystem"]) == "filesystem")
        #expect(DidYouMean.suggestion(for: "zzz", among: ["filesystem"]) == nil)
    }
}
