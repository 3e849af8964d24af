import Testing
@testable import LLMDo

@Suite struct JSONValueTests {
    @Test func roundTripsObjectsInOrder() throws {
        let value = try JSONValue(parsing: #"{"b": 1, "a": [true, null, 1.5, "x\n"]}"#)
        #expect(value.jsonText == #"{"b":1,"a":[true,null,1.5,"x\n"]}"#)
    }
}
