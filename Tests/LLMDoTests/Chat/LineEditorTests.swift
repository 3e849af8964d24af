import Testing
@testable import llmdo

/// The chat's line editor and key decoder, driven by bytes as a terminal sends them.
@Suite struct LineEditorTests {
    /// Feeds `input` through the decoder and the editor; returns the outcomes that were not `.editing`.
    static func type(_ input: String, into editor: inout LineEditor) -> [LineEditor.Outcome] {
        var decoder = KeyDecoder()
        var outcomes: [LineEditor.Outcome] = []
        for byte in input.utf8 {
            for key in decoder.feed(byte) {
                let outcome = editor.apply(key)
                if outcome != .editing { outcomes.append(outcome) }
            }
        }
        return outcomes
    }

    static func submit(_ input: String) -> [LineEditor.Outcome] {
        var editor = LineEditor()
        return type(input, into: &editor)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var keys: String
        var submitted: String
        var testDescription: String { submitted }
    }

    static let cases: [Case] = [
        Case(keys: "hello\r", submitted: "hello"),
        Case(keys: "helo\u{1B}[D\u{1B}[Dl\r", submitted: "hello"),  // left arrow twice, insert
        Case(keys: "world\u{01}hello \r", submitted: "hello world"),  // Ctrl-A
        Case(keys: "ab\u{1B}[H\u{1B}[Fc\r", submitted: "abc"),  // Home, End
        Case(keys: "one two three\u{17}\r", submitted: "one two "),  // Ctrl-W
        Case(keys: "one two\u{1B}[D\u{1B}[D\u{1B}[D\u{15}\r", submitted: "two"),  // Ctrl-U
        Case(keys: "abcd\u{7F}\u{7F}\r", submitted: "ab"),  // Backspace
        Case(keys: "abc\u{1B}[1~\u{1B}[3~\r", submitted: "bc"),  // Home, Delete
        Case(keys: "héllo\u{7F}\u{7F}\u{7F}\u{7F}\r", submitted: "h"),  // UTF-8 characters
        Case(keys: "first \\\rsecond\r", submitted: "first \nsecond"),  // trailing backslash continues
        Case(keys: "x\u{1B}[200~line 1\r\nline 2\u{1B}[201~\r", submitted: "xline 1\nline 2"),  // bracketed paste
        Case(keys: "typed\u{03}fresh\r", submitted: "fresh"),  // Ctrl-C drops the line
        Case(keys: "ab\u{1B}[D\u{04}\r", submitted: "a"),  // Ctrl-D deletes under the cursor
    ]

    @Test(arguments: cases)
    func editing(_ testCase: Case) {
        #expect(Self.submit(testCase.keys) == [.submitted(testCase.submitted)])
    }

    @Test func historyAcrossTurns() {
        var editor = LineEditor()
        _ = Self.type("first\rsecond\r", into: &editor)
        #expect(editor.history == ["first", "second"])
        // Up twice reaches "first"; down comes back to the unsent draft.
        #expect(Self.type("dra\u{1B}[A\u{1B}[A\r", into: &editor) == [.submitted("first")])
        #expect(Self.type("draft\u{1B}[A\u{1B}[B!\r", into: &editor) == [.submitted("draft!")])
        #expect(editor.history == ["first", "second", "first", "draft!"])
    }

    @Test func controlKeysAtAnEmptyPrompt() {
        #expect(Self.submit("\u{04}") == [.endOfInput])
        #expect(Self.submit("\u{03}") == [.interrupt])
    }

    @Test func slashCommands() {
        #expect(SlashCommand(line: "/exit") == .exit)
        #expect(SlashCommand(line: " /usage ") == .usage)
        #expect(SlashCommand(line: "/frobnicate") == .unknown("/frobnicate"))
        #expect(SlashCommand(line: "hello /exit") == nil)
        #expect(SlashCommand(line: "/exit\nmore") == nil)
    }
}
