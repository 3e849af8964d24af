import Foundation
import Testing

@testable import LLMDo

/// The authoring kit, loaded and called for real: llmdo_tool_util.h from C (every helper) and
/// from C++ (llmdo_guard), the Rust mirror and example plugin (catch_unwind), and the mirror's
/// agreement with the header.
@Suite struct AuthoringKitTests {
    /// A C plugin using every helper, built with the strictest documented flags.
    static func utilPlugin() throws -> LoadedPlugin {
        try Fixtures.load(try Fixtures.compile(
            "Tests/Fixtures/plugins/util_plugin.c", name: "util_plugin", language: ["-std=c11", "-Wall", "-Wextra", "-Werror"]))
    }

    @Test func parameterListsGiveParamsAndSchema() throws {
        let plugin = try Self.utilPlugin()
        let echo = try #require((plugin.toolsets.first as? PluginToolset)?.functions.first { $0.definition.name == "echo" })
        #expect(echo.parameters.map(\.name) == ["name", "count", "ratio", "loud", "tags", "note"])
        let schema = echo.definition.parametersSchema
        // A description with quotes, a backslash, a newline and UTF-8, escaped by the header.
        #expect(schema["properties"]?["name"]?["description"] == "Who: \"quoted\", back\\slash,\nnew line, café.")
        #expect(schema["properties"]?["count"] == ["type": "integer", "description": "How many.", "default": 3, "minimum": 0])
        #expect(schema["properties"]?["tags"]?["type"] == "array")
        #expect(schema["required"] == ["name"])
        #expect(schema["additionalProperties"] == false)
        let approvals = (plugin.toolsets.first as? PluginToolset)?.functions.map(\.definition.approval)
        #expect(approvals == [.preApproved, .preApproved, .always, .perCall])
    }

    @Test func everyParameterTypeAndDefault() async throws {
        let plugin = try Self.utilPlugin()
        let output = try await runAsCode(plugin) { scope in
            let defaults = try await scope.callTool("echo", arguments: ["name": "Ada"])
            let given = try await scope.callTool(
                "echo", arguments: ["name": "Bo", "count": 7, "ratio": 0.25, "loud": true, "tags": ["x", "y"], "note": "n"])
            let answer = try await scope.callTool("answer", arguments: [:])
            return [defaults.jsonValue, given.jsonValue, answer.jsonValue]
        }
        let defaults: JSONValue = [
            "name": "Ada", "count": 3, "ratio": 0.5, "loud": false, "tags": .null, "note": .null, "not_a_number": .null,
        ]
        let given: JSONValue = [
            "name": "Bo", "count": 7, "ratio": 0.25, "loud": true, "tags": ["x", "y"], "note": "n", "not_a_number": .null,
        ]
        #expect(output == [defaults, given, 42])
    }

    @Test func stringsAreEscapedToValidJSON() async throws {
        let plugin = try Self.utilPlugin()
        let text = "say \"hi\" \\ tab\there\nnull\u{01}\u{1F} é 😀 ✓"
        let output = try await runAsCode(plugin) { scope in
            let clean = try await scope.callTool("escape", arguments: ["text": .string(text)])
            let raw = try await scope.callTool("escape", arguments: ["text": "ok", "raw_bytes": true])
            return [clean.jsonValue, raw.jsonValue]
        }
        let results = output.arrayValue ?? []
        try #require(results.count == 2)
        let escapedLength = Int64(#"say \"hi\" \\ tab\there\nnull\u0001\u001f é 😀 ✓"#.utf8.count)
        #expect(results[0] == ["writer": .string(text), "fixed": .string(text), "length": .int(escapedLength)])
        // An invalid byte and a truncated sequence: each invalid byte becomes U+FFFD.
        #expect(results[1]["writer"] == "ok\u{FFFD}|\u{FFFD}\u{FFFD}")
        #expect(results[1]["fixed"] == results[1]["writer"])
    }

    @Test func theWriterGrowsPastItsInlineBuffer() async throws {
        let plugin = try Self.utilPlugin()
        let output = try await runAsCode(plugin) { scope in try await scope.callTool("numbers", arguments: ["n": 5000]).jsonValue }
        #expect(output.arrayValue?.count == 5000)
        #expect(output.arrayValue?.last == 4999)
    }

    @Test func cppExceptionsBecomeToolErrors() async throws {
        let path = try Fixtures.compile(
            "Tests/Fixtures/plugins/cpp_plugin.cpp", name: "cpp_plugin", compiler: "/usr/bin/c++",
            language: ["-std=c++17", "-Wall", "-Wextra", "-Werror", "-fno-gnu-unique"])
        let plugin = try Fixtures.load(path)
        let output = try await runAsCode(plugin) { scope in
            let found = try await scope.callTool("lookup", arguments: ["key": "omega"])
            await #expect(throws: ToolError.self) { try await scope.callTool("lookup", arguments: ["key": "missing"]) }
            do {
                _ = try await scope.callTool("lookup", arguments: ["key": "missing"])
            } catch let error as ToolError where error.kind == .failed {
                #expect(error.message.contains("map::at"), "std::out_of_range's what(): \(error.message)")
            }
            await #expect(throws: ToolError.failed("unknown C++ exception")) { try await scope.callTool("weird", arguments: [:]) }
            return found.jsonValue
        }
        #expect(output == "last")
    }

    @Test(.enabled(if: Toolchain.rustc != nil, "rustc is not on PATH: the Rust example plugin is not built"))
    func rustPanicsAreCaughtAtTheBoundary() async throws {
        let out = "\(Fixtures.scratch)/rust-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        try Fixtures.run("/usr/bin/make", ["-s", "-C", "\(Fixtures.packageRoot)/examples/rust_plugin", "OUT=\(out)"])
        let plugin = try Fixtures.load("\(out)/librust_plugin.so")
        let output = try await runAsCode(plugin) { scope in
            let reversed = try await scope.callTool("reverse", arguments: ["text": "añb"])
            await #expect(throws: ToolError.failed("panic: nothing to shout")) { try await scope.callTool("shout", arguments: ["text": ""]) }
            let after = try await scope.callTool("shout", arguments: ["text": "still here"])
            return [reversed.jsonValue, after.jsonValue]
        }
        #expect(output == ["bña", "STILL HERE"])
    }

    /// The Rust mirror asserts the sizes the header has now (measured by compiling it), and the
    /// same ABI version: a header change that the mirror does not follow fails here.
    @Test func rustMirrorMatchesTheHeader() throws {
        let program = """
            #include <stdio.h>
            #include "llmdo_tool.h"
            int main(void) {
                printf("LlmdoHostApi %zu\\nLlmdoCtx %zu\\nLlmdoParam %zu\\nLlmdoFunction %zu\\n", sizeof(llmdo_host_api),
                       sizeof(llmdo_ctx), sizeof(llmdo_param), sizeof(llmdo_function));
                printf("LlmdoToolset %zu\\nLlmdoCodeEntry %zu\\nLlmdoPlugin %zu\\n", sizeof(llmdo_toolset),
                       sizeof(llmdo_code_entry), sizeof(llmdo_plugin));
                printf("minor %u\\n", LLMDO_ABI_MINOR);
                return 0;
            }
            """
        let source = "\(Fixtures.scratch)/sizes-\(UUID().uuidString).c"
        try program.write(toFile: source, atomically: true, encoding: .utf8)
        try Fixtures.run("/usr/bin/cc", ["-std=c11", "-I", Fixtures.header, "-o", source + ".out", source])
        let printed = try Toolchain.output(source + ".out", [])
        let mirror = try String(contentsOfFile: "\(Fixtures.packageRoot)/bindings/rust/llmdo_tool.rs", encoding: .utf8)
        for line in printed.split(separator: "\n") {
            let parts = line.split(separator: " ")
            if parts[0] == "minor" {
                #expect(mirror.contains("pub const LLMDO_ABI_MINOR: u32 = \(parts[1]);"))
            } else {
                #expect(mirror.contains("assert!(size_of::<\(parts[0])>() == \(parts[1]));"), "\(parts[0]) is \(parts[1]) bytes in the header")
            }
        }
    }
}

/// Compilers and programs the tests use when present.
enum Toolchain {
    /// `rustc` on PATH, if any.
    static let rustc: String? = onPath("rustc")

    static func onPath(_ program: String) -> String? {
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
        return folders.map { "\($0)/\(program)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs a program and returns its stdout.
    static func output(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
