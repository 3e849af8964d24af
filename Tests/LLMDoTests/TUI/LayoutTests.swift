import Testing
@testable import LLMDo
@testable import LLMDoTUI

/// The full-screen interface's pure parts, without a terminal: wrapping, the call tree built
/// from events, the viewport, the input's cursor, and frame diffs.
@Suite struct LayoutTests {
    @Test(arguments: [
        ("hello world", 5, ["hello", "world"]),
        ("hello world", 11, ["hello world"]),
        ("a verylongword b", 6, ["a ", "verylo", "ngword", "b"]),
        ("one\n\ntwo", 10, ["one", "", "two"]),
        ("", 10, [""]),
        ("日本語テキスト", 6, ["日本語", "テキス", "ト"]),
    ])
    func wrapsGreedilyByColumns(_ text: String, _ width: Int, _ expected: [String]) {
        #expect(Wrap.rows(text, width: width) == expected)
    }

    /// Streamed text wrapped delta by delta equals the whole text wrapped at once, for every split.
    @Test func streamedWrappingMatchesWrappingTheWhole() {
        let text = "The quick brown fox jumps over the lazy dog.\nA second  line with  double spaces and averyveryverylongword here.\n\nEnd"
        for width in [1, 3, 7, 12, 80] {
            for piece in [1, 2, 5, 13] {
                var streamed = StreamedText(width: width)
                var index = text.startIndex
                while index < text.endIndex {
                    let end = text.index(index, offsetBy: piece, limitedBy: text.endIndex) ?? text.endIndex
                    streamed.append(String(text[index..<end]))
                    index = end
                }
                #expect(streamed.rows == Wrap.rows(text, width: width), "width \(width), pieces of \(piece)")
            }
        }
        var reflowed = StreamedText(width: 5)
        reflowed.append(text)
        reflowed.reflow(width: 30)
        #expect(reflowed.rows == Wrap.rows(text, width: 30))
    }

    @Test func controlSequencesAreMadeInert() {
        #expect(TextWidth.inert("a\u{1B}[2Jb\tc") == "a\\u{1B}[2Jb    c")
        #expect(TextWidth.inert("x\ny", keepNewlines: false) == "x⏎y")
        #expect(TextWidth.truncate("abcdef", to: 4) == "abc…")
    }

    /// A worker calling two workers at once: each child's text lands in its own block, nested
    /// under the call that made it, even when their deltas interleave.
    @Test func parallelChildrenNestUnderTheirCall() {
        var transcript = Transcript(width: 60)
        transcript.beginTurn("go")
        let run = "r1"
        func path(_ call: String, _ parent: String?) -> CallPath { CallPath(runID: run, callID: call, parentCallID: parent) }
        transcript.apply(.runStarted(RunStartedEvent(path: path("c1", nil), entry: "main", input: "go")))
        transcript.apply(.textDelta(TextDeltaEvent(worker: "main", depth: 0, text: "Delegating.", path: path("c1", nil))))
        for (id, name) in [("c2", "alpha"), ("c3", "beta")] {
            transcript.apply(.toolCall(ToolCallEvent(path: path(id, "c1"), worker: "main", depth: 0, call: .make(name, ["input": "x"]))))
            transcript.apply(.modelRequest(ModelRequestEvent(path: path(id, "c1"), worker: name, depth: 1, model: "test", messageCount: 1)))
        }
        transcript.apply(.textDelta(TextDeltaEvent(worker: "beta", depth: 1, text: "beta one ", path: path("c3", "c1"))))
        transcript.apply(.textDelta(TextDeltaEvent(worker: "alpha", depth: 1, text: "alpha one ", path: path("c2", "c1"))))
        transcript.apply(.textDelta(TextDeltaEvent(worker: "beta", depth: 1, text: "beta two", path: path("c3", "c1"))))
        transcript.apply(.textDelta(TextDeltaEvent(worker: "alpha", depth: 1, text: "alpha two", path: path("c2", "c1"))))
        transcript.apply(.toolResult(ToolResultEvent(
            path: path("c2", "c1"), worker: "main", depth: 0, result: ToolResult(callID: "c2", toolName: "alpha", content: "alpha one alpha two"))))
        let rows = transcript.rows(height: 20, scroll: 0).rows.map(\.text)
        #expect(rows == [
            "› go",
            "Delegating.",
            #"▾ alpha ✓ {"input":"x"}"#,
            "│ alpha one alpha two",
            #"▾ beta … {"input":"x"}"#,
            "│ beta one beta two",
        ])
        var folded = Transcript.Display()
        folded.collapseWorkers = true
        transcript.setDisplay(folded)
        #expect(transcript.rows(height: 20, scroll: 0).rows.map(\.text)[2...] == [
            #"▸ alpha ✓ {"input":"x"}"#, #"▾ beta … {"input":"x"}"#, "│ beta one beta two",
        ])
    }

    @Test func toolCallsAreCompactUntilDetailsAreAsked() {
        var transcript = Transcript(width: 40)
        transcript.beginTurn("add")
        let call = CallPath(runID: "r", callID: "c2", parentCallID: "c1")
        transcript.apply(.runStarted(RunStartedEvent(path: CallPath(runID: "r", callID: "c1"), entry: "main", input: "add")))
        transcript.apply(.toolCall(ToolCallEvent(path: call, worker: "main", depth: 0, call: .make("add", ["a": 1, "b": 2]))))
        transcript.apply(.toolResult(ToolResultEvent(path: call, worker: "main", depth: 0, result: ToolResult(callID: "c2", toolName: "add", content: "3"))))
        #expect(transcript.rows(height: 10, scroll: 0).rows.map(\.text) == ["› add", #"→ add({"a":1,"b":2})"#, "← 3"])
        var details = Transcript.Display()
        details.details = true
        transcript.setDisplay(details)
        #expect(transcript.rows(height: 10, scroll: 0).rows.map(\.text) == ["› add", "→ add", "    {", #"      "a": 1,"#, #"      "b": 2"#, "    }", "← 3"])
    }

    /// The viewport ends at the bottom, moves up when scrolled, and stops at the top.
    @Test func viewportScrollsAndClampsAtTheTop() {
        var transcript = Transcript(width: 20)
        for number in 1...5 { transcript.note("line \(number)") }
        #expect(transcript.rows(height: 2, scroll: 0).rows.map(\.text) == ["line 4", "line 5"])
        #expect(transcript.rows(height: 2, scroll: 2).rows.map(\.text) == ["line 2", "line 3"])
        let top = transcript.rows(height: 2, scroll: 99)
        #expect(top.rows.map(\.text) == ["line 1", "line 2"])
        #expect(top.scroll == 3)
    }

    @Test func inputCursorFollowsLinesAndWrapping() {
        let text = Array("ab\ncdefgh")
        #expect(InputView(text: text, cursorOffset: 0, width: 6).cursor == (0, 2))
        let end = InputView(text: text, cursorOffset: text.count, width: 6)
        #expect(end.rows == ["> ab", "… cdef", "gh"])
        #expect(end.cursor == (2, 2))
        let exact = InputView(text: Array("abcd"), cursorOffset: 4, width: 6)
        #expect(exact.rows == ["> abcd", ""])
        #expect(exact.cursor == (1, 0))
    }

    /// A second frame that changes one row writes that row only.
    @Test func framesRedrawOnlyChangedRows() {
        var diff = ScreenDiff(palette: Palette(colour: false))
        let first = diff.update([Row("one"), Row("two"), Row("three")], width: 10, height: 3, cursor: nil)
        #expect(first.contains("\u{1B}[2J") && first.contains("one") && first.contains("three"))
        let second = diff.update([Row("one"), Row("2"), Row("three")], width: 10, height: 3, cursor: (row: 1, column: 1))
        #expect(!second.contains("one") && !second.contains("three") && !second.contains("\u{1B}[2J"))
        #expect(second.contains("\u{1B}[2;1H2\u{1B}[K"))
        #expect(second.hasSuffix("\u{1B}[2;2H\u{1B}[?25h"))
        #expect(diff.update([Row("x")], width: 12, height: 1, cursor: nil).contains("\u{1B}[2J"))  // resized: all again
    }

    @Test func coloursFollowNoColour() {
        #expect(Palette(environment: ["NO_COLOR": "1"]).draw(Row("x", .error)) == "\u{1B}[1mx\u{1B}[K\u{1B}[0m")
        #expect(Palette(environment: [:]).draw(Row("x", .error)) == "\u{1B}[1;31mx\u{1B}[K\u{1B}[0m")
    }

    @Test func approvalPanelShowsEveryArgumentAndScrolls() {
        let long = (1...30).map { "line \($0)" }.joined(separator: "\n")
        let request = ApprovalRequest(
            kind: .tool, worker: "main", depth: 0, toolset: "fs", tool: "write_file", arguments: ["path": "a.txt", "content": .string(long)],
            description: nil)
        var panel = ApprovalPanel(request: request, queued: 2)
        let rows = panel.rows(width: 60, height: 10).map(\.text)
        #expect(rows.count == 10)
        #expect(rows[0].hasPrefix("── approval needed (2 more waiting) "))
        #expect(rows.contains { $0.contains("tool:      write_file (from fs)") })
        #expect(rows.last?.contains(" of ") == true, "\(rows)")
        panel.scroll(by: 100, height: 10)
        let end = panel.rows(width: 60, height: 10).map(\.text)
        #expect(end.contains { $0.hasSuffix("│ line 30") })
    }

    @Test func layoutFitsHeaderConversationStatusInputAndFooter() {
        var transcript = Transcript(width: 30)
        transcript.note("hello")
        let bottom = BottomArea(rows: [Row("> hi")], cursor: (row: 0, column: 4), maxShare: 0.3)
        let (frame, _) = ScreenLayout.compose(
            width: 30, height: 6, header: "head", transcript: &transcript, scroll: 0, status: Row("status"), bottom: bottom, footer: "keys")
        #expect(frame.rows.map(\.text) == ["head" + String(repeating: " ", count: 26), "", "hello", "status", "> hi", "keys" + String(repeating: " ", count: 26)])
        #expect(frame.cursor?.row == 4 && frame.cursor?.column == 4)
    }
}
