import LLMDo

/// What a chat session shows besides the output it prints: the line-mode ``ChatRenderer`` or
/// the full-screen interface. Both receive the runtime's events too.
protocol ChatDisplay: EventSink {
    /// A turn with this message starts.
    func beginTurn(_ message: String)
    /// What to print for the turn's answer: empty (or a newline) when it was shown as it streamed.
    func answerText(_ output: JSONValue) -> String
    /// A line about the session: a cancelled turn, an error.
    func notice(_ line: String)
    /// The turn ended (after its answer or its notice).
    func endTurn()
}
