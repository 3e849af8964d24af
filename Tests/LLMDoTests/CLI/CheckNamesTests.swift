import Foundation
import Testing

/// `llmdo check` refuses names that would be cut or forged downstream, naming file and field.
@Suite struct CheckNamesTests {
    static let cases: [(files: [String: String], message: String)] = [
        (["project.json": #"{"version": 1, "worker_files": ["m.worker"]}"#, "m.worker": "---\nname: m\nentry: true\nmodel: 'openai:'\n---\n"],
         "m.worker:4: model: 'openai:' names no model"),
        (["project.json": #"{"version": 1, "worker_files": ["m.worker"]}"#, "m.worker": "---\nname: m\nentry: true\nmodel: \"openai:gpt-4o\\nx\"\n---\n"],
         "m.worker:4: model: \"openai:gpt-4o\\nx\" contains the control character U+000A"),
        (["project.json": #"{"version": 1, "worker_files": ["m.worker\u0000.bak"]}"#, "m.worker": "---\nname: m\nentry: true\n---\n"],
         "project.json: worker_files[0]: the path \"m.worker\\0.bak\" contains the control character U+0000"),
    ]

    @Test(arguments: 0..<cases.count)
    func checkRefuses(_ index: Int) throws {
        let dir = NSTemporaryDirectory() + "llmdo-cli-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for (name, text) in Self.cases[index].files { try text.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8) }
        let result = try CLITests.run(["check", dir])
        #expect(result.status == 2)
        #expect(result.stderr.contains(Self.cases[index].message), "stderr: \(result.stderr)")
    }
}
