import LLMDoToolABI
import Testing

@testable import LLMDo

/// The ABI evolves by appending fields: plugins built against an older and a newer 1.x header
/// load into this host, and struct sizes that cannot be right are refused before anything past
/// them is read (the refusals run under AddressSanitizer in `make test-asan`).
@Suite struct ABIEvolutionTests {
    /// The 1.0 header, frozen (Tests/Fixtures/headers/1.0/llmdo_tool.h).
    static let header1_0 = "\(Fixtures.packageRoot)/Tests/Fixtures/headers/1.0"

    static func future(_ defines: [String] = [], name: String) throws -> String {
        try Fixtures.compile("Tests/Fixtures/plugins/future_plugin.c", defines: defines, name: name)
    }

    static func generation(_ plugin: LoadedPlugin) throws -> PluginGeneration {
        try #require(plugin.toolsets.first as? PluginToolset).generation
    }

    @Test func aPluginBuiltAgainstThe1_0HeaderLoadsIntoThisHost() async throws {
        // This host appended plugin_path to llmdo_host_api (minor 1); the 1.0 plugin's structs
        // are the frozen 1.0 sizes and it never heard of the new field.
        #expect(LLMDO_ABI_MINOR >= 1)
        #expect(MemoryLayout<llmdo_host_api>.size > Int(LLMDO_HOST_API_SIZE_1_0))
        let path = try Fixtures.compile(
            "Tests/Fixtures/plugins/test_plugin.c", includes: [Self.header1_0], name: "test_plugin_abi_1_0")
        let plugin = try Fixtures.load(path)
        let generation = try Self.generation(plugin)
        #expect(generation.plugin.abi_minor == 0)
        #expect(generation.plugin.struct_size == LLMDO_PLUGIN_SIZE_1_0)
        let output = try await runAsCode(plugin) { scope in
            let sum = try await scope.callTool("add", arguments: ["a": 40, "b": 2])
            let greeting = try await scope.callTool("greet", arguments: ["name": "Ada", "excited": true])
            return [sum.jsonValue, greeting.jsonValue]
        }
        #expect(output == [42, "hello, Ada!"])
        // 1.0 had no LLMDO_FN_IDEMPOTENT: nothing it declares may run twice on a resume.
        #expect(plugin.toolsets.first?.tools.contains { $0.idempotent } == false)
    }

    @Test func aPluginFromANewerMinorLoadsWithItsUnknownFieldsIgnored() async throws {
        let plugin = try Fixtures.load(try Self.future(name: "future_plugin"))
        let generation = try Self.generation(plugin)
        #expect(generation.plugin.abi_minor == 7)
        #expect(generation.plugin.struct_size > LLMDO_PLUGIN_SIZE_1_0)
        // Both functions are found at the plugin's stride (88 bytes, not this host's 72).
        #expect(plugin.toolsets.map(\.name) == ["future_tools"])
        #expect(plugin.toolsets.first?.tools.map(\.name) == ["future_add", "future_hello"])
        // A flag bit of 1.2 is read whatever the struct sizes.
        #expect(plugin.toolsets.first?.tools.map(\.idempotent) == [true, false])
        #expect(plugin.entries.map(\.name) == ["future_entry"])
        let output = try await runAsCode(plugin) { scope in
            let sum = try await scope.callTool("future_add", arguments: ["a": 1, "b": 2])
            let hello = try await scope.callTool("future_hello", arguments: [:])
            return [sum.jsonValue, hello.jsonValue]
        }
        #expect(output == [3, "hello from 1.7"])
    }

    struct BadSize: CustomTestStringConvertible, Sendable {
        var defines: [String]
        var expected: [String]
        var testDescription: String { defines.joined(separator: " ") }
    }

    static let badSizes: [BadSize] = [
        // A stride of 1 GiB: reading the second element would be far outside the plugin.
        BadSize(
            defines: ["FUNCTION_SIZE=1073741824"],
            expected: ["toolset 'future_tools' functions[0]", "llmdo_function.struct_size is 1073741824", "(1024)"]),
        // Plausible-looking but impossible for 1.x (no struct may grow past the bound).
        BadSize(
            defines: ["FUNCTION_SIZE=4096"],
            expected: ["toolset 'future_tools' functions[0]", "llmdo_function.struct_size is 4096", "(1024)"]),
        BadSize(
            defines: ["FUNCTION_SIZE=64"],
            expected: ["functions[0]", "llmdo_function.struct_size is 64, smaller than ABI 1.0's 72"]),
        BadSize(
            defines: ["MIXED_SIZES"],
            expected: ["functions[1]", "llmdo_function.struct_size is 80, but element 0's is 88"]),
        BadSize(defines: ["PLUGIN_SIZE=1073741824"], expected: ["llmdo_plugin.struct_size is 1073741824", "(1024)"]),
        BadSize(defines: ["PLUGIN_SIZE=48"], expected: ["llmdo_plugin.struct_size is 48, smaller than ABI 1.0's 56"]),
    ]

    @Test(arguments: badSizes)
    func refusesAnImpossibleStructSize(_ bad: BadSize) throws {
        let path = try Self.future(bad.defines, name: "future_" + bad.defines.joined().filter { $0.isLetter || $0.isNumber })
        let error = #expect(throws: ProjectError.self) { try Fixtures.load(path) }
        let text = error?.description ?? ""
        #expect(text.hasPrefix(path), "names the file: \(text)")
        for fragment in bad.expected { #expect(text.contains(fragment), "\(text)") }
    }
}
