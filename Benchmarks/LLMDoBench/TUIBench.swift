import LLMDo
import LLMDoTUI

/// The full-screen interface's redraw cost against the length of the conversation: one streamed
/// delta applied to the last turn, then one 80×24 frame composed and diffed, after 10, 1,000 and
/// 10,000 earlier turns (each a message, a status line and an answer). Flat is the target: a frame
/// costs what is on the screen, not what the conversation holds.
func runTUIBenchmarks() {
    for turns in [10, 1_000, 10_000] {
        var transcript = Transcript(width: 80)
        for turn in 0..<turns { addTurn(&transcript, number: turn) }
        transcript.beginTurn("stream please")
        var diff = ScreenDiff(palette: Palette(colour: true))
        let delta = RuntimeEvent.textDelta(TextDeltaEvent(worker: "main", depth: 0, text: "token "))
        let bottom = BottomArea(rows: [Row("> ")], cursor: (row: 0, column: 2), maxShare: 0.3)
        Bench.measure("tui: delta + frame after \(turns) turns", iterations: 2_000, note: "the answer grows by 31,000 deltas while measured") {
            transcript.apply(delta)
            let (frame, _) = ScreenLayout.compose(
                width: 80, height: 24, header: "llmdo", transcript: &transcript, scroll: 0, status: Row(""), bottom: bottom, footer: "keys")
            _ = diff.update(frame.rows, width: 80, height: 24, cursor: frame.cursor)
        }
    }
}

/// A turn as the screen holds it: the message, a status line and the answer (events made
/// outside a run land at the top level, which costs the same as inside a turn).
private func addTurn(_ transcript: inout Transcript, number: Int) {
    transcript.beginTurn("question \(number) with a few words in it")
    transcript.note("→ add({\"a\":1,\"b\":2})  ← 3")
    transcript.apply(.textDelta(TextDeltaEvent(worker: "main", depth: 0, text: "The answer to question \(number) is three, as the tool said.")))
}
