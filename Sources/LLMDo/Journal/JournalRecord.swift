/// One line of a run journal (JSONL). The first line is a ``Header``; every later line is one
/// thing the run received from outside or did, written before the run acts on it.
///
/// The format is versioned by the header's `journal_version`; readers refuse versions they do
/// not know (version 2 added chat sessions; a version 1 journal reads as before).
/// docs/reference.md lists every record's fields.
public enum JournalRecord: Sendable, Equatable {
    /// What was run: written once, first.
    case header(Header)
    /// A model answered request number `sequence` of call `call` (1-based per call).
    case modelResponse(call: String, sequence: Int, requestHash: String, response: JSONValue)
    /// A tool call is about to run (written before it runs, so a crash leaves a trace of it).
    case toolStarted(call: String, toolset: String, tool: String, arguments: JSONValue)
    /// The tool call `call` ended with this result (encoded as text, JSON or an error kind and message).
    case toolFinished(call: String, tool: String, result: JSONValue)
    /// The operator's decision about the gated call `call`.
    case approval(call: String, approved: Bool, reason: String?)
    /// A gated call was waiting for a decision when the run stopped (`--approvals deferred`).
    case approvalPending(call: String, request: JSONValue)
    /// How the run ended: `ok`, `error`, `approval_pending` or `interrupted` (a signal). In a
    /// chat session's journal it closes the open turn, and one after the last turn says how
    /// the session ended.
    case end(status: String, output: JSONValue?, error: String?)
    /// A chat session's turn `number` (1-based) begins with the user's message `input`; the
    /// records up to the next `end` are that turn's run.
    case turn(number: Int, input: String)

    /// The journal's first record.
    public struct Header: Sendable, Equatable {
        /// The journal format this file uses.
        public var version: Int
        public var llmdoVersion: String
        public var runID: String
        /// The project.json the run loaded (absolute).
        public var project: String
        /// A hash of the manifest and worker files, to tell a changed project apart.
        public var projectHash: String
        public var input: JSONValue
        /// Whether the journal is a chat session's (its runs are ``JournalRecord/turn(number:input:)``s).
        public var chat: Bool

        public init(
            version: Int = JournalRecord.currentVersion, llmdoVersion: String, runID: String, project: String, projectHash: String,
            input: JSONValue, chat: Bool = false
        ) {
            self.version = version
            self.chat = chat
            self.llmdoVersion = llmdoVersion
            self.runID = runID
            self.project = project
            self.projectHash = projectHash
            self.input = input
        }
    }

    /// The format version this llmdo writes; it reads every version from 1 up to it.
    public static let currentVersion = 2

    var json: JSONValue {
        switch self {
        case .header(let header):
            var json: JSONObject = [
                "type": "header", "journal_version": .int(Int64(header.version)), "llmdo": .string(header.llmdoVersion),
                "run_id": .string(header.runID), "project": .string(header.project),
                "project_hash": .string(header.projectHash), "input": header.input,
            ]
            if header.chat { json["session"] = "chat" }
            return .object(json)
        case .modelResponse(let call, let sequence, let hash, let response):
            return [
                "type": "model", "call": .string(call), "seq": .int(Int64(sequence)), "request_hash": .string(hash),
                "response": response,
            ]
        case .toolStarted(let call, let toolset, let tool, let arguments):
            return ["type": "tool_start", "call": .string(call), "toolset": .string(toolset), "tool": .string(tool), "arguments": arguments]
        case .toolFinished(let call, let tool, let result):
            return ["type": "tool_result", "call": .string(call), "tool": .string(tool), "result": result]
        case .approval(let call, let approved, let reason):
            return [
                "type": "approval", "call": .string(call), "decision": approved ? "approve" : "deny",
                "reason": reason.map(JSONValue.string) ?? .null,
            ]
        case .approvalPending(let call, let request):
            return ["type": "approval_pending", "call": .string(call), "request": request]
        case .end(let status, let output, let error):
            return ["type": "end", "status": .string(status), "output": output ?? .null, "error": error.map(JSONValue.string) ?? .null]
        case .turn(let number, let input):
            return ["type": "turn", "turn": .int(Int64(number)), "input": .string(input)]
        }
    }

    /// Reads one record; the error says which field is missing or wrong.
    init(json: JSONValue) throws(JournalError) {
        func string(_ key: String) throws(JournalError) -> String {
            guard let value = json[key]?.stringValue else { throw JournalError("missing string field '\(key)'") }
            return value
        }
        func value(_ key: String) throws(JournalError) -> JSONValue {
            guard let value = json[key] else { throw JournalError("missing field '\(key)'") }
            return value
        }
        switch try string("type") {
        case "header":
            guard let version = json["journal_version"]?.int64Value.flatMap({ Int(exactly: $0) }) else {
                throw JournalError("missing integer field 'journal_version'")
            }
            guard (1...Self.currentVersion).contains(version) else {
                throw JournalError("journal format version \(version); this llmdo reads versions 1 to \(Self.currentVersion)")
            }
            self = .header(Header(
                version: version, llmdoVersion: try string("llmdo"), runID: try string("run_id"), project: try string("project"),
                projectHash: try string("project_hash"), input: try value("input"), chat: json["session"]?.stringValue == "chat"))
        case "model":
            guard let sequence = json["seq"]?.int64Value.flatMap({ Int(exactly: $0) }) else { throw JournalError("missing integer field 'seq'") }
            self = .modelResponse(call: try string("call"), sequence: sequence, requestHash: try string("request_hash"), response: try value("response"))
        case "tool_start":
            self = .toolStarted(call: try string("call"), toolset: try string("toolset"), tool: try string("tool"), arguments: try value("arguments"))
        case "tool_result":
            self = .toolFinished(call: try string("call"), tool: try string("tool"), result: try value("result"))
        case "approval":
            let decision = try string("decision")
            guard decision == "approve" || decision == "deny" else { throw JournalError("decision must be approve or deny, found '\(decision)'") }
            self = .approval(call: try string("call"), approved: decision == "approve", reason: json["reason"]?.stringValue)
        case "approval_pending":
            self = .approvalPending(call: try string("call"), request: try value("request"))
        case "end":
            let output = json["output"].flatMap { $0.isNull ? nil : $0 }
            self = .end(status: try string("status"), output: output, error: json["error"]?.stringValue)
        case "turn":
            guard let number = json["turn"]?.int64Value.flatMap({ Int(exactly: $0) }) else { throw JournalError("missing integer field 'turn'") }
            self = .turn(number: number, input: try string("input"))
        case let other:
            throw JournalError("unknown record type '\(other)'")
        }
    }
}
