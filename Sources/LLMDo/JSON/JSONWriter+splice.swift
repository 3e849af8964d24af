extension JSONWriter {
    /// Compact JSON for `object` in which the member `key` is written as an array whose items
    /// come already encoded: `runs` are comma-separated item lists, joined with commas (empty
    /// runs are skipped). The result is allocated once at its final size, so each run is copied
    /// once; this is how a request body is assembled from an encoded history.
    ///
    /// The member's own value in `object` is ignored; only its position counts. Other members
    /// are encoded as ``JSONValue/write(into:)`` would, so the bytes equal a full encode of the
    /// object with that array in place.
    static func object(_ object: JSONObject, splicingArray key: String, runs: [ArraySlice<UInt8>]) -> [UInt8] {
        var before: [UInt8] = []
        var after: [UInt8] = []
        var found = false
        for (name, value) in object {
            if name == key {
                found = true
                continue
            }
            if found {
                after.append(UInt8(ascii: ","))
                member(name, value, into: &after)
            } else {
                if !before.isEmpty { before.append(UInt8(ascii: ",")) }
                member(name, value, into: &before)
            }
        }
        let items = runs.filter { !$0.isEmpty }
        var out: [UInt8] = []
        out.reserveCapacity(before.count + after.count + items.reduce(key.utf8.count + 16) { $0 + $1.count + 1 })
        out.append(UInt8(ascii: "{"))
        out.append(contentsOf: before)
        if found {
            if !before.isEmpty { out.append(UInt8(ascii: ",")) }
            writeString(key, into: &out)
            out.append(contentsOf: ":[".utf8)
            for (index, run) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                out.append(contentsOf: run)
            }
            out.append(UInt8(ascii: "]"))
            out.append(contentsOf: after)
        }
        out.append(UInt8(ascii: "}"))
        return out
    }

    private static func member(_ name: String, _ value: JSONValue, into out: inout [UInt8]) {
        writeString(name, into: &out)
        out.append(UInt8(ascii: ":"))
        write(value, into: &out, indent: nil, level: 0)
    }
}
