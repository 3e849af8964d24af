import Testing
@testable import LLMDo

@Suite("HTTP header lines")
struct HTTPHeaderLineTests {
    private func parse(_ text: String) -> HTTPHeaderLine {
        Array(text.utf8).withUnsafeBytes { HTTPHeaderLine($0) }
    }

    @Test(arguments: [
        ("HTTP/1.1 200 OK\r\n", HTTPHeaderLine.status(200)),
        ("HTTP/2 429 \r\n", .status(429)),
        ("HTTP/1.1 100 Continue\r\n", .status(100)),
        ("HTTP/1.0  503\r\n", .status(503)),
        ("HTTP/1.1\r\n", .status(0)),
        ("HTTP/1.1 20x OK\r\n", .status(0)),
        ("HTTP/1.1 2000\r\n", .status(0)),
        ("\r\n", .end),
        ("\n", .end),
        ("", .end),
        ("Content-Type: text/event-stream\r\n", .field(name: "Content-Type", value: "text/event-stream")),
        ("retry-after:\t 0.2 \r\n", .field(name: "retry-after", value: "0.2")),
        ("x-empty:\r\n", .field(name: "x-empty", value: "")),
        ("x-colons: a:b:c\r\n", .field(name: "x-colons", value: "a:b:c")),
        ("x-utf8: café\r\n", .field(name: "x-utf8", value: "café")),
        ("  folded continuation\r\n", .other),
    ])
    func parsesLine(text: String, expected: HTTPHeaderLine) {
        #expect(parse(text) == expected)
    }
}
