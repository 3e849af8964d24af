import LLMDo

func runJSONBenchmarks() throws {
    let text = #"{"a": 1.5, "b": 2}"#
    let bytes = Array(text.utf8)
    try Bench.measure("parse {\"a\": 1.5, \"b\": 2} (String)", iterations: 100_000) { _ = try JSONValue(parsing: text) }
    try Bench.measure("parse {\"a\": 1.5, \"b\": 2} ([UInt8])", iterations: 100_000) { _ = try JSONValue(parsing: bytes) }

    let value = try JSONValue(parsing: text)
    Bench.measure("encode a two-field object (.jsonText)", iterations: 100_000) { _ = value.jsonText }
    var buffer: [UInt8] = []
    buffer.reserveCapacity(64)
    Bench.measure("encode a two-field object (write(into:), reused buffer)", iterations: 100_000) {
        buffer.removeAll(keepingCapacity: true)
        value.write(into: &buffer)
    }

    let schema = try JSONSchema(JSONValue(parsing: #"""
        {"type": "object", "properties": {"a": {"type": "number"}, "b": {"type": "number"}},
         "required": ["a", "b"], "additionalProperties": false}
        """#))
    Bench.measure("validate two numeric properties", iterations: 100_000) { _ = schema.validate(value) }

    let result: JSONValue = ["ok": true, "sum": 3.5]
    try Bench.measure("tool dispatch: parse + validate + encode result", iterations: 100_000) {
        let arguments = try JSONValue(parsing: text)
        guard case .success = schema.validate(arguments) else { return }
        _ = result.jsonText
    }

    let document = largeDocument(bytes: 1 << 20)
    let documentBytes = Array(document.utf8)
    try Bench.measure("parse a generated 1 MB document", iterations: 10, batches: 7) { _ = try JSONValue(parsing: documentBytes) }
    printThroughput(bytes: documentBytes.count, verb: "parse")
    let parsed = try JSONValue(parsing: documentBytes)
    Bench.measure("encode the 1 MB document", iterations: 10, batches: 7) { _ = parsed.jsonText }
    printThroughput(bytes: documentBytes.count, verb: "encode")
}

/// Prints the last measurement as MB/s over `bytes`.
private func printThroughput(bytes: Int, verb: String) {
    guard let nanoseconds = Bench.results.last?.medianNanoseconds, nanoseconds > 0 else { return }
    print("  → \(Int(Double(bytes) / nanoseconds * 1e3)) MB/s \(verb) throughput (\(bytes) bytes)")
}

/// A tool-result-like document: an array of records mixing strings (some escaped), integers,
/// doubles, booleans, nulls and nested arrays, grown to about `bytes` bytes.
private func largeDocument(bytes: Int) -> String {
    var records: [JSONValue] = []
    var size = 0
    var i: Int64 = 0
    while size < bytes {
        let record: JSONValue = [
            "id": .int(i),
            "name": .string("item \(i) \"quoted\" café"),
            "score": .double(Double(i) * 0.37 + 0.001),
            "active": .bool(i % 3 == 0),
            "tags": ["alpha", "beta", .string("t\(i % 17)")],
            "parent": i % 5 == 0 ? .null : .int(i / 5),
            "text": "Lorem ipsum dolor sit amet, consectetur adipiscing elit.\nSed do eiusmod tempor.",
        ]
        size += record.jsonText.utf8.count + 1
        records.append(record)
        i += 1
    }
    return JSONValue.array(records).prettyJSONText
}
