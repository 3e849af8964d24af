import LLMDo

/// The conversation as a tree of calls, built from runtime events: each turn holds the user's
/// message, the entry worker's streamed text and its tool calls; a tool call that runs a worker
/// holds that worker's own text and calls, nested one level deeper, so parallel workers stream
/// side by side into their own blocks. Status lines (retries, warnings, approvals, usage,
/// reloads) sit where they happened.
///
/// Rows are made per node and cached; streamed text is wrapped incrementally
/// (``StreamedText``), and ``rows(height:scroll:)`` walks back from the end only as far as the
/// screen needs, so a frame costs what is visible, not what the conversation holds.
public struct Transcript: Sendable {
    /// How much the tree shows.
    public struct Display: Sendable, Hashable {
        /// Tool calls with their full arguments and results (else one line each).
        public var details = false
        /// Finished nested workers as one line (else with everything they did).
        public var collapseWorkers = false
        public init() {}
    }

    /// A tool call; a worker call once the worker's own events arrive.
    struct Call: Sendable {
        var name: String
        var arguments: JSONValue
        var result: String?
        var failed = false
        var worker: String?
    }

    enum Kind: Sendable {
        /// A turn (no rows of its own).
        case turn
        case user(String)
        case text(StreamedText)
        case call(Call)
        case note(String, Tone)
        case separator
    }

    struct Node: Sendable {
        var kind: Kind
        /// Nesting level: rows are indented by this many guides.
        var depth: Int
        var children: [Int] = []
        /// The rows before and after the children, at `cachedWidth` (text rows are not cached:
        /// ``StreamedText`` keeps them).
        var head: [Row]? = nil
        var tail: [Row] = []
        var cachedWidth = 0
    }

    private struct CallKey: Hashable, Sendable {
        var run: String
        var call: String
    }

    private var nodes: [Node] = []
    private var top: [Int] = []
    private var calls: [CallKey: Int] = [:]
    /// The turn the next run's entry belongs to.
    private var openTurn: Int?
    /// The latest turn.
    private var lastTurn: Int?
    public private(set) var width: Int
    public private(set) var display = Display()

    public init(width: Int) { self.width = max(20, width) }

    /// Number of nodes (for tests and the benchmark).
    public var nodeCount: Int { nodes.count }

    // MARK: - Changes

    /// Starts a turn with the user's message; the next run's events land in it.
    public mutating func beginTurn(_ message: String) {
        if !top.isEmpty { top.append(add(Node(kind: .separator, depth: 0))) }
        let turn = add(Node(kind: .turn, depth: 0))
        top.append(turn)
        nodes[turn].children.append(add(Node(kind: .user(TextWidth.inert(message)), depth: 0)))
        openTurn = turn
        lastTurn = turn
    }

    /// Shows the latest turn's answer, unless its text already streamed in.
    public mutating func showAnswer(_ answer: String) {
        guard let turn = lastTurn else { return }
        if nodes[turn].children.contains(where: { if case .text = nodes[$0].kind { true } else { false } }) { return }
        appendText(TextWidth.inert(answer), to: turn)
    }

    /// A line outside any call (command output, errors, notices).
    public mutating func note(_ text: String, tone: Tone = .status) {
        top.append(add(Node(kind: .note(TextWidth.inert(text), tone), depth: 0)))
    }

    public mutating func setWidth(_ newWidth: Int) { width = max(20, newWidth) }

    public mutating func setDisplay(_ newDisplay: Display) {
        guard newDisplay != display else { return }
        display = newDisplay
        for index in nodes.indices { nodes[index].head = nil }
    }

    /// Adds what `event` shows.
    public mutating func apply(_ event: RuntimeEvent) {
        let path = event.path
        switch event {
        case .runStarted where path.parentCallID == nil:
            let turn = openTurn ?? {
                let turn = add(Node(kind: .turn, depth: 0))
                top.append(turn)
                return turn
            }()
            openTurn = nil
            lastTurn = turn
            calls[CallKey(run: path.runID, call: path.callID)] = turn
        case .textDelta(let delta):
            appendText(TextWidth.inert(delta.text), to: container(path))
        case .toolCall(let call):
            let parent = container(CallPath(runID: path.runID, callID: path.parentCallID ?? ""))
            let node = addChild(.call(Call(name: call.call.name, arguments: call.call.arguments.json)), to: parent)
            calls[CallKey(run: path.runID, call: path.callID)] = node
        case .modelRequest(let request):
            guard let node = calls[CallKey(run: path.runID, call: path.callID)], case .call(var call) = nodes[node].kind,
                call.worker == nil
            else { return }
            call.worker = request.worker
            update(node, .call(call))
        case .toolResult(let result):
            guard let node = calls[CallKey(run: path.runID, call: path.callID)], case .call(var call) = nodes[node].kind else { return }
            call.result = result.result.content
            call.failed = result.result.isError
            update(node, .call(call))
        case .retry(let retry):
            let delay = retry.delay.map { " in \(Self.seconds($0))" } ?? ""
            let count = retry.limit.map { "\(retry.attempt) of \($0)" } ?? "\(retry.attempt)"
            _ = addChild(.note("↺ \(retry.what): retry \(count)\(delay): \(retry.reason)", .warning), to: container(path))
        case .warning(let warning):
            _ = addChild(.note("warning: \(warning.message)", .warning), to: path.isUnattributed ? nil : container(path))
        case .approvalDecided(let decided):
            _ = addChild(.note(Self.describe(decided.decision), .status), to: container(path))
        case .reload(let reload) where reload.succeeded && reload.report.trigger != .manual:
            note("↻ \(reload.summary)")
        case .runFinished(let finished) where path.parentCallID == nil:
            _ = addChild(.note("· " + Self.describe(finished.usage), .status), to: container(path))
        default:
            break
        }
    }

    private mutating func add(_ node: Node) -> Int {
        nodes.append(node)
        return nodes.count - 1
    }

    /// The node events of `path` go into: its call, else the call that made it (an approval
    /// of a worker call has an id of its own), else the top level.
    private func container(_ path: CallPath) -> Int? {
        calls[CallKey(run: path.runID, call: path.callID)] ?? path.parentCallID.flatMap { calls[CallKey(run: path.runID, call: $0)] }
    }

    /// Adds a child to `parent` (nil: the top level), one level deeper when the parent is a call.
    private mutating func addChild(_ kind: Kind, to parent: Int?) -> Int {
        guard let parent else {
            let node = add(Node(kind: kind, depth: 0))
            top.append(node)
            return node
        }
        let depth = nodes[parent].depth + (Self.isCall(nodes[parent].kind) ? 1 : 0)
        var newKind = kind
        if case .text = kind { newKind = .text(StreamedText(width: contentWidth(depth))) }
        let node = add(Node(kind: newKind, depth: depth))
        nodes[parent].children.append(node)
        return node
    }

    private mutating func appendText(_ text: String, to parent: Int?) {
        let target: Int
        if let parent, let last = nodes[parent].children.last, case .text = nodes[last].kind {
            target = last
        } else if parent == nil, let last = top.last, case .text = nodes[last].kind {
            target = last
        } else {
            target = addChild(.text(StreamedText(width: 1)), to: parent)
        }
        guard case .text(var streamed) = nodes[target].kind else { return }
        nodes[target].kind = .turn  // lets `streamed` be mutated in place, without a copy of the text
        streamed.reflow(width: contentWidth(nodes[target].depth))
        streamed.append(text)
        nodes[target].kind = .text(streamed)
    }

    private mutating func update(_ node: Int, _ kind: Kind) {
        nodes[node].kind = kind
        nodes[node].head = nil
    }

    private static func isCall(_ kind: Kind) -> Bool {
        if case .call = kind { return true }
        return false
    }

    private func contentWidth(_ depth: Int) -> Int { max(8, width - 2 * depth) }

    // MARK: - Rows

    /// The rows at the bottom of the conversation: `height` rows ending `scroll` rows above the
    /// last one, and the scroll actually used (less when the conversation is shorter).
    public mutating func rows(height: Int, scroll: Int) -> (rows: [Row], scroll: Int) {
        var collected: [Row] = []
        var skip = max(0, scroll)
        var walked = 0
        let want = max(0, height)
        var visit: (Row) -> Bool = { row in
            walked += 1
            if skip > 0 {
                skip -= 1
                return true
            }
            collected.append(row)
            return collected.count < want
        }
        for node in top.reversed() where want > 0 {
            if !walkBack(node, &visit) { break }
        }
        if collected.count < want, scroll > 0 {
            // Scrolled past the top: show the first screenful instead.
            let used = max(0, walked - want)
            return (rows(height: height, scroll: used).rows, used)
        }
        return (collected.reversed(), scroll)
    }

    /// Visits `index`'s rows from the last to the first; false when `visit` asked to stop.
    private mutating func walkBack(_ index: Int, _ visit: inout (Row) -> Bool) -> Bool {
        prepare(index)
        let node = nodes[index]
        for row in node.tail.reversed() where !visit(row) { return false }
        if !hidesChildren(node) {
            for child in node.children.reversed() where !walkBack(child, &visit) { return false }
        }
        if case .text(let streamed) = node.kind {
            let guide = Self.guide(node.depth)
            for row in streamed.rows.reversed() where !visit(Row(guide + row)) { return false }
        }
        for row in (node.head ?? []).reversed() where !visit(row) { return false }
        return true
    }

    private func hidesChildren(_ node: Node) -> Bool {
        guard display.collapseWorkers, case .call(let call) = node.kind else { return false }
        return call.result != nil
    }

    /// Makes the node's cached rows current for the width and display.
    private mutating func prepare(_ index: Int) {
        if nodes[index].head != nil, nodes[index].cachedWidth == width { return }
        let node = nodes[index]
        let guide = Self.guide(node.depth)
        let columns = contentWidth(node.depth)
        var head: [Row] = [], tail: [Row] = []
        switch node.kind {
        case .turn: break
        case .text(var streamed):
            streamed.reflow(width: columns)
            nodes[index].kind = .text(streamed)
        case .user(let text):
            for (number, row) in Wrap.rows(text, width: columns - 2).enumerated() {
                head.append(Row(guide + (number == 0 ? "› " : "  ") + row, .user))
            }
        case .note(let text, let tone):
            head = Wrap.rows(text, width: columns).map { Row(guide + $0, tone) }
        case .separator:
            head = [Row(String(repeating: "─", count: width), .dim)]
        case .call(let call):
            (head, tail) = callRows(call, node: node, guide: guide, columns: columns)
        }
        nodes[index].head = head
        nodes[index].tail = tail
        nodes[index].cachedWidth = width
    }

    private func callRows(_ call: Call, node: Node, guide: String, columns: Int) -> (head: [Row], tail: [Row]) {
        let arguments = TextWidth.inert(call.arguments.jsonText, keepNewlines: false)
        var head: [Row]
        if let worker = call.worker {
            let hidden = hidesChildren(node) && !node.children.isEmpty
            let marker = hidden ? "▸" : "▾"
            let state = call.result == nil ? " …" : call.failed ? " ✗" : " ✓"
            head = [Row(TextWidth.truncate(guide + "\(marker) \(worker)\(state) \(arguments)", to: width), .tool)]
        } else if display.details {
            head = [Row(guide + "→ " + TextWidth.truncate(TextWidth.inert(call.name), to: columns - 2), .tool)]
            head += Wrap.rows(TextWidth.inert(call.arguments.prettyJSONText), width: columns - 4).map { Row(guide + "    " + $0, .dim) }
        } else {
            head = [Row(TextWidth.truncate(guide + "→ \(TextWidth.inert(call.name))(\(arguments))", to: width), .tool)]
        }
        // A worker's answer already streamed inside its block; only a failure is repeated.
        guard let result = call.result, call.worker == nil || call.failed else { return (head, []) }
        let marker = call.failed ? "✗ " : "← "
        let tone: Tone = call.failed ? .error : .dim
        if display.details {
            let rows = Wrap.rows(TextWidth.inert(result), width: columns - 2)
            return (head, rows.enumerated().map { Row(guide + ($0.offset == 0 ? marker : "  ") + $0.element, tone) })
        }
        let flat = TextWidth.inert(result, keepNewlines: false)
        return (head, [Row(TextWidth.truncate(guide + marker + flat, to: width), tone)])
    }

    /// The tree guide before a row at `depth`.
    static func guide(_ depth: Int) -> String { String(repeating: "│ ", count: depth) }

    static func seconds(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)s"
    }

    /// `approved once`, `denied (reason)`, …
    public static func describe(_ decision: ApprovalDecision) -> String {
        switch decision {
        case .approveOnce: return "✓ approved once"
        case .approveForSession: return "✓ approved for the session (these arguments)"
        case .approveToolForSession: return "✓ approved for the session (every call of the tool)"
        case .deny(let reason): return "✗ denied" + (reason.map { " (\($0))" } ?? "")
        }
    }

    /// `2 requests, 3 tool calls, 120 in / 45 out tokens`.
    public static func describe(_ usage: Usage) -> String {
        "\(usage.requests) request\(usage.requests == 1 ? "" : "s"), \(usage.toolCalls) tool call\(usage.toolCalls == 1 ? "" : "s"), "
            + "\(usage.inputTokens) in / \(usage.outputTokens) out tokens"
    }
}
