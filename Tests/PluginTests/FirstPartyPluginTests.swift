import Foundation
import Testing

@testable import LLMDo

/// The package's own plugins, loaded from the build folder by bare name (as `plugin_files`
/// finds them next to the executable). Run `swift build` first; `make test` does.
@Suite struct FirstPartyPluginTests {
    @Test func calcTools() async throws {
        let plugin = try Fixtures.product("libcalc_tools.so")
        let tools = plugin.toolsets.flatMap(\.tools)
        #expect(tools.map(\.name) == ["factorial", "fibonacci", "add", "multiply"])
        #expect(tools.allSatisfy { $0.approval == .preApproved })
        let output = try await runAsCode(plugin) { scope in
            let values = [
                try await scope.callTool("factorial", arguments: ["n": 20]),
                try await scope.callTool("fibonacci", arguments: ["n": 10]),
                try await scope.callTool("add", arguments: ["a": 1.5, "b": 2]),
                try await scope.callTool("multiply", arguments: ["a": 6, "b": 7]),
            ]
            await #expect(throws: ToolError.failed("21! does not fit in a 64-bit integer (the limit is 20!)")) {
                try await scope.callTool("factorial", arguments: ["n": 21])
            }
            await #expect(throws: ToolError.retry("n must be 0 or more, got -1")) {
                try await scope.callTool("fibonacci", arguments: ["n": -1])
            }
            return .array(values.map(\.jsonValue))
        }
        #expect(output == [2_432_902_008_176_640_000, 55, 3.5, 42.0])
    }

    @Test(arguments: [
        ("My Report FINAL.PDF", "my-report-final.pdf"), ("  weird__name!!.tar.gz", "weird-name.tar.gz"),
        ("Ünïcode café.txt", "ncode-caf.txt"), (".bashrc", "bashrc"), ("???.md", "file.md"),
    ])
    func sanitizeFilename(input: String, expected: String) async throws {
        let plugin = try Fixtures.product("libfile_tools.so")
        let output = try await runAsCode(plugin) { scope in
            try await scope.callTool("sanitize_filename", arguments: ["filename": .string(input)]).jsonValue
        }
        #expect(output == .string(expected))
    }

    @Test func listPitchdecks() async throws {
        let plugin = try Fixtures.product("libpitchdeck_tools.so")
        let root = "\(Fixtures.packageRoot)/examples/pitchdeck_eval_stabilized"
        let program = makeProgram(plugins: [plugin], entry: .code(ClosureEntry { scope in
            try await scope.callTool("list_pitchdecks", arguments: [:]).jsonValue
        }), root: root)
        let output = try await Runtime(program: program).run(input: "go").output
        #expect(output == [
            ["file": "input/Acme Robotics.pdf", "slug": "acme-robotics", "output_path": "evaluations/acme-robotics.md"],
            ["file": "input/greenleaf_energy.pdf", "slug": "greenleaf-energy", "output_path": "evaluations/greenleaf-energy.md"],
        ])
        let escape = makeProgram(plugins: [plugin], entry: .code(ClosureEntry { scope in
            try await scope.callTool("list_pitchdecks", arguments: ["path": "../.."]).jsonValue
        }), root: root)
        await #expect(throws: ToolError.self) { try await Runtime(program: escape).run(input: "go") }
    }

    @Test func catalogDescribesEveryFunction() throws {
        let catalog = PluginCatalog.describe([try Fixtures.product("libcalc_tools.so")])
        let function = catalog["plugins"]?.arrayValue?.first?["toolsets"]?.arrayValue?.first?["functions"]?.arrayValue?.first
        #expect(function?["name"] == "factorial")
        #expect(function?["parameters"] == [["name": "n", "type": "int64"]])
        #expect(function?["returns"] == "int64")
        #expect(function?["approval"] == "pre_approved")
        let text = PluginCatalog.render(catalog)
        #expect(text.contains("  toolset calc_tools 1.0.0: Exact integer sequences and basic arithmetic."))
        #expect(text.contains("    factorial(n: int64) -> int64  [ctx, thread-safe, pre_approved]"))
        #expect(text.contains("    add(a: double, b: double) -> double  [thread-safe, pre_approved]"))
    }
}
