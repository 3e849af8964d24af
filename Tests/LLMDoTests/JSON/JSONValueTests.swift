import Testing
@testable import LLMDo

@Suite struct JSONValueTests {
    @Test func roundTripsObjectsInOrder() throws {
        let value = try JSONValue(parsing: #"{"b": 1, "a": [true, null, 1.5, "x\n"]}"#)
        #expect(value.jsonText == #"{"b":1,"a":[true,null,1.5,"x\n"]}"#)
    }

    @Test(arguments: [
        (JSONValue.int(-9223372036854775808), "-9223372036854775808"),
        (.int(0), "0"),
        (.double(3), "3.0"),
        (.double(-0.5), "-0.5"),
        (.double(1e21), "1e+21"),
        (.double(1e-7), "1e-07"),
        (.double(.infinity), "null"),
        (.string("q\"b\\s\u{1}\u{1f}é😀"), #""q\"b\\s\u0001\u001fé😀""#),
        (.array([]), "[]"),
        (.object([:]), "{}"),
    ])
    func encodes(value: JSONValue, expected: String) throws {
        #expect(value.jsonText == expected)
        if value != .double(.infinity) { #expect(try JSONValue(parsing: expected) == value) }
    }

    @Test func prettyTextIndentsTwoSpaces() {
        let value: JSONValue = ["a": [1, 2], "b": [:]]
        #expect(value.prettyJSONText == "{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": {}\n}")
    }

    @Test func writeIntoAppends() {
        var out = Array("x=".utf8)
        JSONValue.object(["k": "v"]).write(into: &out)
        #expect(String(decoding: out, as: UTF8.self) == #"x={"k":"v"}"#)
    }

    @Test func objectEqualityIgnoresOrderButIterationKeepsIt() {
        let ab: JSONObject = ["a": 1, "b": 2]
        let ba: JSONObject = ["b": 2, "a": 1]
        #expect(ab == ba)
        #expect(ab.hashValue == ba.hashValue)
        #expect(ab.keys == ["a", "b"] && ba.keys == ["b", "a"])
    }

    @Test func largeObjectsStayOrderedAcrossTheIndexThreshold() {
        var object = JSONObject()
        let names = (0..<40).map { "k\(39 - $0)" }
        for (i, name) in names.enumerated() { object[name] = .int(Int64(i)) }
        #expect(object.keys == names)
        #expect(object["k0"] == .int(39))
        object["k20"] = nil
        #expect(object.count == 39 && object["k20"] == nil && object["k19"] == .int(20))
        object["k5"] = "x"
        #expect(object.keys.firstIndex(of: "k5") == 33 && object["k5"] == "x")
    }

    @Test func doublesRoundTripAndMatchSwiftsShortestText() throws {
        // A fixed linear congruential sequence: deterministic, yet covers many magnitudes and digit counts.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<20_000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let digits = Double(state >> 40) / Double(1 << Int(state % 24))
            let value = (state & 1 == 0 ? 1 : -1) * digits / [1, 10, 1000, 1e7][Int(state >> 62)]
            let text = JSONValue.double(value).jsonText
            #expect(try JSONValue(parsing: text) == .double(value), "\(value) → \(text)")
            if !value.description.contains("e") { #expect(text == value.description) }
        }
    }
}
