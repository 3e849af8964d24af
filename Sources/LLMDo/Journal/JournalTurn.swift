/// One turn of a chat session's journal: the user's message and the records of its run.
package struct JournalTurn: Sendable {
    package var number: Int
    package var input: String
    /// The turn's run records (call ids restart at `c1` in every turn).
    package var records: [JournalRecord] = []
    /// How it ended (`ok`, `error`, `interrupted`); nil when the session stopped mid-turn.
    package var status: String?
}

extension JournalContents {
    /// A chat session's records split into its turns: each runs from its `turn` record to the
    /// next `end`; an `end` outside a turn is how a session ended, and belongs to no turn.
    package var turns: [JournalTurn] {
        var turns: [JournalTurn] = []
        var open = false
        for record in records {
            switch record {
            case .turn(let number, let input):
                turns.append(JournalTurn(number: number, input: input))
                open = true
            case .end(let status, _, _):
                if open, let last = turns.indices.last { turns[last].status = status }
                open = false
            default:
                if open, let last = turns.indices.last { turns[last].records.append(record) }
            }
        }
        return turns
    }
}
