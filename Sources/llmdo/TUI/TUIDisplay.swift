import LLMDo

/// The chat session's display and the runtime's event sink for the full-screen interface:
/// everything goes to the interface's thread through its inbox.
struct TUIDisplay: ChatDisplay {
    let inbox: TUIInbox

    func emit(_ event: RuntimeEvent) {
        if case .debug = event { return }  // HTTP traffic has no place on this screen
        inbox.post(.event(event))
    }

    func beginTurn(_ message: String) {
        inbox.post(.beginTurn(message))
        inbox.post(.running(true))
    }

    func answerText(_ output: JSONValue) -> String {
        inbox.post(.answer(output.stringValue ?? output.prettyJSONText))
        return ""
    }

    func notice(_ line: String) { inbox.post(.output(line, error: line.hasPrefix("error"))) }

    func endTurn() { inbox.post(.running(false)) }
}
