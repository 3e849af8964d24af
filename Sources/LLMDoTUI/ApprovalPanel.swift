import LLMDo

/// The approval panel: who asks, for which tool, and every argument in full (the terminal
/// approver's complete listing, made inert), scrollable when longer than the panel; the title
/// counts the requests queued behind this one.
public struct ApprovalPanel: Sendable {
    public let request: ApprovalRequest
    /// Requests waiting behind this one (parallel calls ask one at a time).
    public var queued: Int
    /// First listing row shown.
    public private(set) var offset = 0
    /// The listing wrapped at `listingWidth`.
    private var listing: [String] = []
    private var listingWidth = 0

    public init(request: ApprovalRequest, queued: Int) {
        self.request = request
        self.queued = queued
    }

    /// The keys the panel answers to, for the footer.
    public static let keys = "a approve once · s approve for session · t every call of the tool · d deny · ↑↓ PgUp PgDn scroll"

    /// Scrolls the listing by `rows` (negative: up).
    public mutating func scroll(by rows: Int, height: Int) {
        offset = max(0, min(offset + rows, max(0, listing.count - room(height))))
    }

    /// The panel's rows at `width`, at most `height` of them.
    public mutating func rows(width: Int, height: Int) -> [Row] {
        if listingWidth != width {
            // The prompt's own title and leading blank line are replaced by the panel's title.
            let text = ApprovalPrompt.render(request, complete: true).text
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(2).dropLast()
            listing = lines.flatMap { Wrap.rows(String($0), width: width) }
            listingWidth = width
        }
        let count = queued > 0 ? " (\(queued) more waiting)" : ""
        let title = "── approval needed\(count) "
        var rows = [Row(title + String(repeating: "─", count: max(0, width - TextWidth.of(title))), .panel)]
        let shown = room(height)
        offset = min(offset, max(0, listing.count - shown))
        rows += listing.dropFirst(offset).prefix(shown).map { Row($0) }
        if listing.count > shown {
            rows.append(Row("  … rows \(offset + 1)–\(min(listing.count, offset + shown)) of \(listing.count); ↑↓ PgUp PgDn scroll", .dim))
        }
        return rows
    }

    /// Listing rows that fit under the title (and the scroll line, when it does not all fit).
    private func room(_ height: Int) -> Int {
        listing.count <= height - 1 ? max(1, height - 1) : max(1, height - 2)
    }
}
