/// Where an event happened in the tree of calls: the run, the call (a worker call or a tool
/// call) and the call that made it. Every ``RuntimeEvent`` carries one, so a front end can rebuild
/// the tree: a worker that calls three workers at once shows as three calls with the same parent.
///
/// Call ids are unique within a run and name the call's place in the tree: `c1` is the entry,
/// its calls are `c1.1`, `c1.2`, … in the order the entry makes them, theirs `c1.2.1`, and so
/// on. A worker numbers its tool calls in the order its model listed them, so the ids are the
/// same every time a run takes the same steps, however concurrent calls interleave (a journal
/// relies on this to resume and replay). A tool call that runs a worker is that worker's call,
/// so the worker's own requests and tool calls have the tool call's id as their ``callID`` and parent.
public struct CallPath: Sendable, Hashable {
    /// The run's id: random (32 hex digits) unless given by ``RuntimeOptions/runID``.
    public var runID: String
    /// The call this event belongs to, unique within the run.
    public var callID: String
    /// The call that made this one; nil for the run's entry.
    public var parentCallID: String?

    /// A path; `parentCallID` is nil for a run's entry.
    public init(runID: String, callID: String, parentCallID: String? = nil) {
        self.runID = runID
        self.callID = callID
        self.parentCallID = parentCallID
    }

    /// The path of an event made outside any run (a reload, a provider used directly); the
    /// runtime fills it in when the event is emitted within a call.
    public static let unattributed = CallPath(runID: "", callID: "")

    /// Whether this path names no run.
    public var isUnattributed: Bool { runID.isEmpty }

    /// A fresh random run id: 128 bits as 32 lowercase hex digits.
    package static func randomRunID() -> String {
        var generator = SystemRandomNumberGenerator()
        return hex(generator.next()) + hex(generator.next())
    }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
