import Foundation
import Testing

@testable import LLMDo

/// Each example runs with the test model (`llmdo PROJECT --model test`), plus the third-party
/// plugin built by plain `cc` from its Makefile.
@Suite struct ExampleTests {
    static func example(_ name: String) -> String { "\(Fixtures.packageRoot)/examples/\(name)" }

    static func run(_ program: Program, input: JSONValue) async throws -> RunResult {
        try await Runtime(program: program, options: RuntimeOptions(modelOverride: "test")).run(input: input)
    }

    @Test func calculator() async throws {
        let result = try await Self.run(try ExampleProject.load(Self.example("calculator")), input: "What is 5!?")
        let text = try #require(result.output.stringValue)
        #expect(text.contains("test model called 4 tools"))
        #expect(text.contains("factorial: 1") && text.contains("multiply: 2.25"))
    }

    @Test func pitchdeckEvalStabilized() async throws {
        let result = try await Self.run(try ExampleProject.load(Self.example("pitchdeck_eval_stabilized")), input: "Evaluate")
        let text = try #require(result.output.stringValue)
        #expect(text.contains("list_pitchdecks"))
        #expect(text.contains("pitch_evaluator: test model reply to: example"))
    }

    @Test func pitchdeckEvalCodeEntry() async throws {
        // Run in a copy: the entry writes evaluations/ into the project.
        let root = "\(Fixtures.scratch)/code_entry-\(UUID().uuidString)"
        try FileManager.default.copyItem(atPath: Self.example("pitchdeck_eval_code_entry"), toPath: root)
        let program = try ExampleProject.load(root)
        #expect(program.entry.name == "pitchdeck_eval")
        let result = try await Self.run(program, input: .null)
        #expect(result.output == ["evaluations": ["evaluations/acme-robotics.md", "evaluations/greenleaf-energy.md"]])
        let written = try String(contentsOfFile: "\(root)/evaluations/acme-robotics.md", encoding: .utf8)
        #expect(written.hasPrefix("test model reply to: Evaluate the attached pitch deck (acme-robotics)."))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: "\(root)/evaluations")
        #expect(leftovers.sorted() == ["acme-robotics.md", "greenleaf-energy.md"], "no temporary files remain")
    }

    @Test func thirdPartyPluginBuiltWithCC() async throws {
        let out = "\(Fixtures.scratch)/text_stats-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        try Fixtures.run("/usr/bin/make", ["-s", "-C", Self.example("text_stats"), "OUT=\(out)"])
        let plugin = try Fixtures.load("\(out)/libtext_stats.so")
        let output = try await runAsCode(plugin) { scope in
            let words = try await scope.callTool("word_count", arguments: ["text": "to be or  not to be"])
            let twice = try await scope.callTool("repeat", arguments: ["text": "ab"])
            await #expect(throws: ToolError.retry("times must be between 1 and 10")) {
                try await scope.callTool("repeat", arguments: ["text": "ab", "times": 11])
            }
            return [words.jsonValue, twice.jsonValue]
        }
        #expect(output == [6, "abab"])
    }

    @Test func docsShowTheExampleVerbatim() throws {
        let docs = try String(contentsOfFile: "\(Fixtures.packageRoot)/docs/plugin-abi.md", encoding: .utf8)
        let source = try String(contentsOfFile: "\(Self.example("text_stats"))/text_stats.c", encoding: .utf8)
        #expect(docs.contains("```c\n" + source + "```"), "docs/plugin-abi.md must include examples/text_stats/text_stats.c verbatim")
    }
}
