import Foundation
@testable import LLMDo

/// Recorded provider exchanges in Tests/Fixtures/providers (provenance in each `.meta.json`).
enum Fixture {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/providers")

    /// The bytes of `NAME.SUFFIX`, e.g. `bytes("anthropic_stream_text", "response.sse")`.
    static func bytes(_ name: String, _ suffix: String) throws -> [UInt8] {
        Array(try Data(contentsOf: directory.appendingPathComponent("\(name).\(suffix)")))
    }

    static func json(_ name: String, _ suffix: String) throws -> JSONValue {
        try JSONValue(parsing: bytes(name, suffix))
    }
}
