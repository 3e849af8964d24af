import Foundation
import Testing

/// The built binary against a loopback server speaking the Anthropic protocol: a real streamed
/// answer, API-key redaction in the message log (-vvv) and the HTTP lines (--log-http), and Ctrl-C during a request.
@Suite struct CLIProviderTests {
    @Test func greeterStreamsARecordedAnswer() throws {
        let body = try Fixture.bytes("anthropic_stream_text", "response.sse")
        let server = try LoopbackServer { _, _ in LoopbackServer.stream(body, piece: 97) }
        let key = "sk-ant-secret-0123456789"
        let result = try CLITests.run(
            ["examples/greeter", "Hi", "-vvv", "--log-http"],
            environment: ["ANTHROPIC_API_KEY": key, "ANTHROPIC_BASE_URL": "http://127.0.0.1:\(server.port)"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(!result.stdout.isEmpty)
        #expect(!(result.stdout + result.stderr).contains(key))
        #expect(result.stderr.contains("x-api-key: [redacted]"))
        #expect(result.stderr.contains(#"{"seq":1,"worker":"main","depth":0,"message":{"role":"user","parts":[{"type":"text","text":"Hi"}]}}"#))
        let sent = try #require(server.requests.first)
        #expect(sent.header("x-api-key") == key)
    }

    @Test func ctrlCCancelsTheRunWithExit130() throws {
        let server = try LoopbackServer { _, _ in
            [.write(Array("HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n".utf8)), .sleep(30)]
        }
        let (status, stderr) = try CLITests.runAndInterrupt(["examples/greeter", "Hi"], server: server)
        #expect(status == 130, "stderr: \(stderr)")
        #expect(stderr.contains("interrupted"))
    }

    /// The request deadline comes from LLMDO_REQUEST_TIMEOUT; a silent server fails once, naming it.
    @Test func requestDeadlineFromTheEnvironment() throws {
        let server = try LoopbackServer { _, _ in [.sleep(30)] }
        let environment = ["ANTHROPIC_API_KEY": "k", "ANTHROPIC_BASE_URL": "http://127.0.0.1:\(server.port)"]
        let result = try CLITests.run(["examples/greeter", "Hi"], environment: environment.merging(["LLMDO_REQUEST_TIMEOUT": "0.5"]) { $1 })
        #expect(result.status == 1, "stderr: \(result.stderr)")
        #expect(result.stderr.contains("no complete answer within 0.5 s (the model request deadline, LLMDO_REQUEST_TIMEOUT)"), "\(result.stderr)")
        #expect(server.requests.count == 1)

        let bad = try CLITests.run(["examples/greeter", "Hi"], environment: environment.merging(["LLMDO_REQUEST_TIMEOUT": "soon"]) { $1 })
        #expect(bad.status != 0 && bad.stderr.contains("LLMDO_REQUEST_TIMEOUT is 'soon'"), "\(bad.stderr)")
        #expect(server.requests.count == 1)
    }
}
