import Foundation
import Testing
@testable import LLMDo

/// Runs the JSONTestSuite corpus (Tests/Fixtures/json-test-suite, see its README for provenance).
@Suite struct JSONTestSuiteTests {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // JSON
        .deletingLastPathComponent()  // LLMDoTests
        .deletingLastPathComponent()  // Tests
        .appendingPathComponent("Fixtures/json-test-suite")

    static func cases(prefix: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasPrefix(prefix) && $0.hasSuffix(".json") }.sorted()
    }

    static func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: folder.appendingPathComponent(name)))
    }

    @Test func corpusIsPresent() {
        #expect(Self.cases(prefix: "y_").count == 95)
        #expect(Self.cases(prefix: "n_").count == 188)
        #expect(Self.cases(prefix: "i_").count == 35)
    }

    @Test(arguments: cases(prefix: "y_"))
    func accepts(_ name: String) throws {
        let value = try JSONValue(parsing: Self.bytes(name))
        // Round trip: what we write parses back to the same value.
        #expect(try JSONValue(parsing: value.jsonText) == value)
        #expect(try JSONValue(parsing: value.prettyJSONText) == value)
    }

    @Test(arguments: cases(prefix: "n_"))
    func rejects(_ name: String) throws {
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: Self.bytes(name)) }
    }

    @Test(arguments: cases(prefix: "i_"))
    func implementationDefinedNeverCrashes(_ name: String) throws {
        if let value = try? JSONValue(parsing: Self.bytes(name)) {
            #expect(try JSONValue(parsing: value.jsonText) == value)
        }
    }
}
