import Foundation
import Testing

/// The first-party plugin products are built without unsafe flags (so a package depending on
/// this one can use them); these are the properties those flags used to guarantee.
@Suite struct PackageProductTests {
    /// The symbols `path` defines in its dynamic symbol table, without the linker's markers.
    static func exported(_ path: String) throws -> Set<String> {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/nm")
        process.arguments = ["-D", "--defined-only", path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw FixtureError(message: "nm -D \(path) failed") }
        let names = String(decoding: output, as: UTF8.self).split(separator: "\n").compactMap { $0.split(separator: " ").last }
        return Set(names.map(String.init)).subtracting(["__bss_start", "_edata", "_end"])
    }

    static func productPath(_ file: String) throws -> String { try Fixtures.product(file).resolvedPath }

    @Test func theHostExportsNoSymbolSoAPluginsCallsToItsOwnCodeStayInThePlugin() throws {
        let products = URL(fileURLWithPath: try Self.productPath("libcalc_tools.so")).deletingLastPathComponent().path
        let host = try Self.exported(products + "/llmdo")
        for plugin in ["libcalc_tools.so", "libpitchdeck_tools.so"] {
            let own = try Self.exported(try Self.productPath(plugin))
            #expect(own.contains("llmdo_entry_v1"))
            #expect(host.isDisjoint(with: own), "llmdo exports symbols \(plugin) defines: \(host.intersection(own).sorted())")
        }
    }

    @Test func fileToolsExportsOnlyItsEntry() throws {
        #expect(try Self.exported(try Self.productPath("libfile_tools.so")) == ["llmdo_entry_v1"])
    }
}
