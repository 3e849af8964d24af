import Foundation
import Testing
@testable import LLMDo

@Suite("SSE decoder")
struct SSEDecoderTests {
    /// Decodes `text` fed in pieces of `piece` bytes (nil: all at once), then finishes.
    private func decode(_ text: String, piece: Int? = nil) -> [SSEEvent] {
        decode(Array(text.utf8), piece: piece)
    }

    private func decode(_ bytes: [UInt8], piece: Int? = nil) -> [SSEEvent] {
        var decoder = SSEDecoder()
        var events: [SSEEvent] = []
        let size = piece ?? max(1, bytes.count)
        var start = 0
        while start < bytes.count {
            decoder.feed(Array(bytes[start..<min(bytes.count, start + size)])) { events.append($0) }
            start += size
        }
        decoder.finish { events.append($0) }
        return events
    }

    @Test func eventAndDataFields() {
        let events = decode("event: ping\ndata: {\"a\":1}\n\n")
        #expect(events == [SSEEvent(type: "ping", data: Array(#"{"a":1}"#.utf8))])
    }

    @Test func eventTypeDefaultsToMessageAndResetsAfterDispatch() {
        let events = decode("event: x\ndata: 1\n\ndata: 2\n\n")
        #expect(events.map(\.type) == ["x", "message"])
    }

    @Test func multiLineDataIsJoinedWithNewlines() {
        #expect(decode("data: a\ndata:b\ndata\n\n").map(\.text) == ["a\nb\n"])
    }

    @Test func onlyOneLeadingSpaceIsStripped() {
        #expect(decode("data:  two\n\n").map(\.text) == [" two"])
    }

    @Test func commentsAndUnknownFieldsAreIgnored() {
        let events = decode(": keep-alive\n: OPENROUTER PROCESSING\nfoo: bar\n data: spaced field name\ndata: x\n\n")
        #expect(events.map(\.text) == ["x"])
    }

    @Test func eventWithoutDataIsNotDispatched() {
        #expect(decode("event: lonely\n\ndata: y\n\n").map(\.type) == ["message"])
    }

    @Test func idPersistsAndRetryIsNumericOnly() {
        let events = decode("id: 7\nretry: 1500\ndata: a\n\nretry: soon\ndata: b\n\nid\ndata: c\n\n")
        #expect(events.map(\.id) == ["7", "7", ""])
        #expect(events.map(\.retry) == [1500, 1500, 1500])
    }

    @Test func idWithNulIsIgnored() {
        #expect(decode("id: a\u{0}b\ndata: x\n\n").first?.id == nil)
    }

    @Test(arguments: ["\n", "\r\n", "\r"])
    func lineEndings(_ ending: String) {
        let text = ["event: e", "data: 1", "", "data: 2", "", ""].joined(separator: ending)
        #expect(decode(text).map(\.text) == ["1", "2"])
    }

    @Test func crAndLfSplitAcrossChunks() {
        var decoder = SSEDecoder()
        var events: [SSEEvent] = []
        decoder.feed(Array("data: a\r".utf8)) { events.append($0) }
        decoder.feed(Array("\n\r".utf8)) { events.append($0) }
        decoder.feed(Array("\ndata: b\r\n\r\n".utf8)) { events.append($0) }
        #expect(events.map(\.text) == ["a", "b"])
    }

    @Test func bodyStartingWithBlankLineAndByteOrderMark() {
        #expect(decode("\n\ndata: a\n\n").map(\.text) == ["a"])
        #expect(decode([0xEF, 0xBB, 0xBF] + Array("data: bom\n\n".utf8), piece: 1).map(\.text) == ["bom"])
    }

    @Test func lastEventWithoutTrailingBlankLineIsDispatchedAtEnd() {
        #expect(decode("data: a\n\ndata: last").map(\.text) == ["a", "last"])
        #expect(decode("data: a\n\ndata: last\n").map(\.text) == ["a", "last"])
    }

    @Test func splitAtEveryByteBoundaryIncludingInsideUTF8() throws {
        let text = "event: delta\r\ndata: {\"text\":\"héllo 🐦 wörld\"}\r\n\r\n: c\rdata: ✓\r\rdata: end\n\n"
        let whole = decode(text)
        #expect(whole.map(\.text) == [#"{"text":"héllo 🐦 wörld"}"#, "✓", "end"])
        for piece in 1...8 { #expect(decode(text, piece: piece) == whole) }
    }

    @Test func recordedStreamsDecodeTheSameInAnyPieces() throws {
        for name in ["anthropic_stream_tool_results_followup", "anthropic_stream_web_search", "openai_stream_tools_parallel"] {
            let bytes = try Fixture.bytes(name, "response.sse")
            let whole = decode(bytes)
            #expect(!whole.isEmpty)
            for piece in [1, 3, 7, 64] { #expect(decode(bytes, piece: piece) == whole, "\(name) in \(piece)-byte pieces") }
        }
    }
}
