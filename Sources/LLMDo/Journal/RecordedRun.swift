/// A journal's records indexed for serving: model responses by call and sequence, tool calls
/// and approval decisions by call id.
struct RecordedRun: Sendable {
    struct Response: Sendable {
        var requestHash: String
        var response: JSONValue
    }

    struct ToolStart: Sendable {
        var toolset: String
        var tool: String
        var arguments: JSONValue
    }

    struct ToolFinish: Sendable {
        var tool: String
        var result: JSONValue
    }

    struct Decision: Sendable {
        var approved: Bool
        var reason: String?
    }

    private(set) var responses: [String: Response] = [:]
    private(set) var toolStarts: [String: ToolStart] = [:]
    private(set) var toolFinishes: [String: ToolFinish] = [:]
    private(set) var decisions: [String: Decision] = [:]
    /// The calls whose tool call was recorded, in the order they started (replay reports them so).
    private(set) var toolOrder: [String] = []

    init(_ records: [JournalRecord] = []) {
        for record in records {
            switch record {
            case .modelResponse(let call, let sequence, let hash, let response):
                responses[Self.key(call, sequence)] = Response(requestHash: hash, response: response)
            case .toolStarted(let call, let toolset, let tool, let arguments):
                if toolStarts[call] == nil { toolOrder.append(call) }
                toolStarts[call] = ToolStart(toolset: toolset, tool: tool, arguments: arguments)
            case .toolFinished(let call, let tool, let result):
                toolFinishes[call] = ToolFinish(tool: tool, result: result)
            case .approval(let call, let approved, let reason):
                decisions[call] = Decision(approved: approved, reason: reason)
            case .header, .approvalPending, .end, .turn:
                break
            }
        }
    }

    static func key(_ call: String, _ sequence: Int) -> String { "\(call)#\(sequence)" }

    func response(call: String, sequence: Int) -> Response? { responses[Self.key(call, sequence)] }
}
