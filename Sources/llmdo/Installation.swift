import Foundation

/// Where the plugin-authoring files are: an installed tree (`make install`: the binary in
/// `PREFIX/bin`, headers in `PREFIX/include/llmdo`, the Rust mirror and Swift kit in
/// `PREFIX/share/llmdo`), else the source tree this binary was built from (a dev build).
enum Installation {
    /// The folder holding `llmdo_tool.h` and `llmdo_tool_util.h` (`llmdo --print-include-dir`).
    static var includeDirectory: String? {
        find(installed: "include/llmdo", source: "Sources/LLMDoToolABI/include", file: "llmdo_tool.h")
    }

    /// `llmdo_tool.rs`, the Rust mirror of the header.
    static var rustMirror: String? {
        find(installed: "share/llmdo", source: "bindings/rust", file: "llmdo_tool.rs").map { "\($0)/llmdo_tool.rs" }
    }

    /// The folder of LLMDoPluginKit's Swift sources (compiled into a Swift plugin built without SwiftPM).
    static var swiftKit: String? {
        find(installed: "share/llmdo/swift/LLMDoPluginKit", source: "Sources/LLMDoPluginKit", file: "Plugin.swift")
    }

    /// The first folder that holds `file`: `installed` beside the binary's folder, then `source`
    /// in the package this file was compiled from.
    private static func find(installed: String, source: String, file: String) -> String? {
        var candidates: [String] = []
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        candidates.append(executable.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(installed).path)
        // #filePath is Sources/llmdo/Installation.swift in the package this binary was built from.
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(packageRoot.appendingPathComponent(source).path)
        return candidates.first { FileManager.default.fileExists(atPath: "\($0)/\(file)") }
    }
}
