/// One server-sent event.
package struct SSEEvent: Sendable, Hashable {
    /// The `event:` field, or `message` when the event had none.
    package var type: String
    /// The `data:` lines joined with `\n`, as UTF-8 bytes.
    package var data: [UInt8]
    /// The last event id seen so far in the stream (`id:` fields persist across events).
    package var id: String?
    /// The reconnection time the server asked for, in milliseconds, if any.
    package var retry: Int?

    package init(type: String, data: [UInt8], id: String? = nil, retry: Int? = nil) {
        self.type = type
        self.data = data
        self.id = id
        self.retry = retry
    }

    /// The data as text (invalid UTF-8 is repaired).
    package var text: String { String(decoding: data, as: UTF8.self) }
}

/// Decodes a `text/event-stream` body as the WHATWG HTML spec ("Server-sent events",
/// "interpreting an event stream") says, working on bytes as they arrive.
///
/// Chunks may split the stream anywhere: inside a line, inside a UTF-8 sequence, between CR and
/// LF. One deliberate departure from the spec: ``finish(_:)`` dispatches a last event that has
/// no trailing blank line (the spec discards it), because providers end streams that way.
package struct SSEDecoder {
    private var partialLine: [UInt8] = []
    /// The previous chunk ended with CR, so an LF at the start of the next one is part of it.
    private var skipLeadingLF = false
    private var atStreamStart = true
    private var bomMatched = 0
    private static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
    private var data: [UInt8] = []
    private var hasData = false
    private var eventType: String?
    private var lastEventID: String?
    private var retry: Int?

    package init() {}

    /// Decodes a chunk, calling `dispatch` for each complete event.
    package mutating func feed(_ chunk: [UInt8], _ dispatch: (SSEEvent) throws -> Void) rethrows {
        try chunk.withUnsafeBufferPointer { try feed($0, dispatch) }
    }

    /// Decodes a chunk, calling `dispatch` for each complete event.
    package mutating func feed(_ chunk: UnsafeBufferPointer<UInt8>, _ dispatch: (SSEEvent) throws -> Void) rethrows {
        var start = 0
        let count = chunk.count
        while atStreamStart, start < count {
            // A UTF-8 byte order mark may open the stream (possibly split across chunks).
            if chunk[start] == Self.bom[bomMatched] {
                bomMatched += 1
                start += 1
                if bomMatched == Self.bom.count { atStreamStart = false }
            } else {
                partialLine.append(contentsOf: Self.bom[0..<bomMatched])  // not a BOM: content
                atStreamStart = false
            }
        }
        if skipLeadingLF, start < count {
            skipLeadingLF = false
            if chunk[start] == 0x0A { start += 1 }
        }
        var lineStart = start
        var index = start
        while index < count {
            let byte = chunk[index]
            if byte != 0x0A && byte != 0x0D {
                index += 1
                continue
            }
            if partialLine.isEmpty {
                try processLine(UnsafeBufferPointer(rebasing: chunk[lineStart..<index]), dispatch)
            } else {
                partialLine.append(contentsOf: chunk[lineStart..<index])
                try partialLine.withUnsafeBufferPointer { try processLine($0, dispatch) }
                partialLine.removeAll(keepingCapacity: true)
            }
            index += 1
            if byte == 0x0D {
                if index == count {
                    skipLeadingLF = true
                } else if chunk[index] == 0x0A {
                    index += 1
                }
            }
            lineStart = index
        }
        if lineStart < count { partialLine.append(contentsOf: chunk[lineStart..<count]) }
    }

    /// Ends the stream: a pending line is processed and a pending event dispatched.
    package mutating func finish(_ dispatch: (SSEEvent) throws -> Void) rethrows {
        if !partialLine.isEmpty {
            let line = partialLine
            partialLine.removeAll()
            try line.withUnsafeBufferPointer { try processLine($0, dispatch) }
        }
        try dispatchEvent(dispatch)
    }

    private mutating func processLine(_ line: UnsafeBufferPointer<UInt8>, _ dispatch: (SSEEvent) throws -> Void) rethrows {
        guard let first = line.first else {
            try dispatchEvent(dispatch)
            return
        }
        if first == 0x3A { return }  // ":" starts a comment (keep-alives)
        var colon = 0
        while colon < line.count && line[colon] != 0x3A { colon += 1 }
        let field = UnsafeBufferPointer(rebasing: line[0..<colon])
        var valueStart = min(colon + 1, line.count)
        if valueStart < line.count && line[valueStart] == 0x20 { valueStart += 1 }
        let value = UnsafeBufferPointer(rebasing: line[valueStart..<line.count])
        switch field.count {
        case 4 where field.elementsEqual("data".utf8):
            if hasData { data.append(0x0A) }
            data.append(contentsOf: value)
            hasData = true
        case 5 where field.elementsEqual("event".utf8):
            eventType = String(decoding: value, as: UTF8.self)
        case 2 where field.elementsEqual("id".utf8):
            if !value.contains(0) { lastEventID = String(decoding: value, as: UTF8.self) }
        case 5 where field.elementsEqual("retry".utf8):
            if !value.isEmpty, value.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
                retry = Int(String(decoding: value, as: UTF8.self))
            }
        default:
            break  // unknown fields are ignored
        }
    }

    private mutating func dispatchEvent(_ dispatch: (SSEEvent) throws -> Void) rethrows {
        defer { eventType = nil }
        guard hasData else { return }
        let event = SSEEvent(type: eventType ?? "message", data: data, id: lastEventID, retry: retry)
        data.removeAll(keepingCapacity: true)
        hasData = false
        try dispatch(event)
    }
}
