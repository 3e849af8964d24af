import LLMDo

func runJSONBenchmarks() throws {
    let text = #"{"a": 1.5, "b": 2}"#
    try Bench.measure("parse {\"a\": 1.5, \"b\": 2}", iterations: 100_000) { _ = try JSONValue(parsing: text) }
    let value = try JSONValue(parsing: text)
    Bench.measure("encode a two-field object", iterations: 100_000) { _ = value.jsonText }
}
