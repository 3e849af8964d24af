import Foundation
import Testing

@testable import LLMDo

/// Bad plugin files: each is refused at load with a clear diagnostic, before any tool is offered.
@Suite struct LoaderTests {
    struct BadPlugin: CustomTestStringConvertible, Sendable {
        var variant: String
        var expected: [String]
        var testDescription: String { variant }
    }

    static let badPlugins: [BadPlugin] = [
        BadPlugin(variant: "VARIANT_NO_ENTRY", expected: ["not an llmdo plugin", "llmdo_entry_v1"]),
        BadPlugin(variant: "VARIANT_ABI2", expected: ["LLMDoToolABI 2.x", "supports 1.x"]),
        BadPlugin(variant: "VARIANT_NULL_NAME", expected: ["toolset 'test_tools' function", "function name is NULL"]),
        BadPlugin(variant: "VARIANT_SCHEMA_NOT_OBJECT", expected: ["function 'add'", #""type": "object""#]),
        BadPlugin(
            variant: "VARIANT_PARAM_MISMATCH",
            expected: [
                "parameter 'b' is not a property", "schema property 'c' has no C parameter",
                "parameter 'a' is int64 in C but its schema type is \"string\"",
            ]),
        BadPlugin(variant: "VARIANT_DUPLICATE", expected: ["duplicate function name 'add'"]),
        BadPlugin(variant: "VARIANT_OPTIONAL_NO_DEFAULT", expected: ["optional parameter 'b' (int64) needs a schema \"default\""]),
    ]

    @Test(arguments: badPlugins)
    func refusesBadPlugin(_ bad: BadPlugin) throws {
        let path = try Fixtures.testPlugin(bad.variant)
        let error = #expect(throws: ProjectError.self) { try Fixtures.load(path) }
        let text = error?.description ?? ""
        #expect(text.hasPrefix(path), "diagnostics name the file")
        for fragment in bad.expected { #expect(text.contains(fragment), "\(text)") }
    }

    @Test func refusesAFileThatIsNotASharedLibrary() throws {
        let path = "\(Fixtures.scratch)/libjunk.so"
        try "not an ELF file".write(toFile: path, atomically: true, encoding: .utf8)
        let error = #expect(throws: ProjectError.self) { try Fixtures.load(path) }
        let text = error?.description ?? ""
        #expect(text.contains("not a loadable shared library"))
        #expect(text.contains(path) && !text.contains("llmdo-plugins-"), "dlerror text names the user's file: \(text)")
    }

    @Test func reportsAMissingFileAndTheSearchPath() throws {
        let relative = #expect(throws: ProjectError.self) { try Fixtures.load("plugins/libmissing.so") }
        #expect(relative?.description.contains("plugin file not found at \(Fixtures.packageRoot)/plugins/libmissing.so") == true)
        let bare = #expect(throws: ProjectError.self) {
            try PluginLoading.load(declaredPath: "libmissing.so", projectRoot: "/", searchPath: ["/nowhere"], executableDirectory: "/bin")
        }
        #expect(bare?.description.contains("LLMDO_PLUGIN_PATH") == true)
        #expect(bare?.description.contains("/nowhere, /bin") == true)
    }

    @Test func findsABareNameOnTheSearchPath() throws {
        let path = try Fixtures.testPlugin()
        let folder = (path as NSString).deletingLastPathComponent
        let plugin = try PluginLoading.load(
            declaredPath: "test_plugin.so", projectRoot: "/", searchPath: ["/nowhere", folder], executableDirectory: nil)
        #expect(plugin.resolvedPath == path)
        #expect(plugin.versions == ["test_tools": "1.2.3", "flaky_tools": "1.0.0"])
        #expect(plugin.toolsets.map(\.name) == ["test_tools", "flaky_tools"])
        #expect(plugin.entries.map(\.name) == ["echo_entry"])
    }

    @Test func validToolNames() {
        #expect(PluginValidation.isValidName("sanitize_filename-2"))
        #expect(!PluginValidation.isValidName(""))
        #expect(!PluginValidation.isValidName("has space"))
        #expect(!PluginValidation.isValidName(String(repeating: "x", count: 65)))
    }
}
