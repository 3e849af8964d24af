import Foundation
import Testing

@testable import LLMDo

/// `Tests/Fixtures/plugins/lifecycle_plugin.c` built into a folder of its own (`liblife.so`),
/// beside the two sibling libraries it uses: `libhelper.so` (linked with
/// `-Wl,-rpath,'$ORIGIN'`) and `libneighbour.so` (opened with `dlopen`). The plugin logs every
/// `init` and `shutdown` to `lifecycle.log` in that folder.
struct LifecyclePlugin {
    static let packageRoot = PluginSwapTests.packageRoot
    let folder: String

    /// A fresh folder with the sibling libraries and the plugin at `version`.
    init(version: String = "1", variant: String? = nil, in folder: String? = nil) throws {
        self.folder = folder ?? NSTemporaryDirectory() + "llmdo-life-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: self.folder, withIntermediateDirectories: true)
        let sibling = "\(Self.packageRoot)/Tests/Fixtures/plugins/sibling.c"
        try Self.cc(["-fPIC", "-shared", "-DSIBLING_VALUE=42", "-o", "\(self.folder)/libhelper.so", sibling])
        try Self.cc(["-fPIC", "-shared", "-DSIBLING_VALUE=7", "-o", "\(self.folder)/libneighbour.so", sibling])
        try build(version: version, variant: variant)
    }

    var path: String { "\(folder)/liblife.so" }

    /// Builds the plugin through a temporary name and renames it into place, as build tools do.
    func build(version: String, variant: String? = nil) throws {
        let partial = "\(folder)/.liblife-\(UUID().uuidString).so"
        try Self.cc(
            [
                "-fPIC", "-shared", "-fvisibility=hidden", "-Wl,-Bsymbolic", "-I", "\(Self.packageRoot)/Sources/LLMDoToolABI/include",
                "-DWITH_HELPER", "-DVERSION=\"\(version)\"", "-o", partial, "\(Self.packageRoot)/Tests/Fixtures/plugins/lifecycle_plugin.c",
                "-L", folder, "-lhelper", "-Wl,-rpath,$ORIGIN", "-ldl",
            ] + (variant.map { ["-D\($0)"] } ?? []))
        guard rename(partial, path) == 0 else { throw CocoaError(.fileWriteUnknown) }
    }

    /// The log's lines.
    var log: [String] {
        ((try? String(contentsOfFile: "\(folder)/lifecycle.log", encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    func count(_ prefix: String) -> Int { log.filter { $0.hasPrefix(prefix) }.count }

    func remove() { try? FileManager.default.removeItem(atPath: folder) }

    private static func cc(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/cc")
        process.arguments = ["-std=c11", "-Wall", "-Werror"] + arguments
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.fileWriteUnknown) }
    }
}
