import Yams

/// Converts YAML nodes to JSON values (plain scalars typed by YAML's core schema; quoted ones
/// stay strings), within a node budget.
///
/// The composed YAML tree shares an anchored node among its aliases, so it stays as small as
/// the file; converting copies every node each alias reaches. A "billion laughs" (nine levels
/// of ten aliases each, 520 bytes) would expand to 10⁹ values, so the conversion counts the
/// nodes it produces and stops at ``maxNodes``, before any expansion grows past that.
enum YAMLToJSON {
    /// Nodes one file may convert: far above any real schema or settings block (a few hundred),
    /// far below what costs noticeable time or memory.
    static let maxNodes = 10_000

    struct TooManyNodes: Error, CustomStringConvertible {
        var description: String {
            "expands to more than \(CountText.grouped(YAMLToJSON.maxNodes)) values (YAML aliases, *name, repeat what they point to); "
                + "write the value out without nested aliases"
        }
    }

    /// - Parameter budget: nodes that may still be produced; decremented per node.
    /// - Throws: ``TooManyNodes`` when the budget runs out.
    static func convert(_ node: Node, budget: inout Int) throws(TooManyNodes) -> JSONValue {
        budget -= 1
        guard budget >= 0 else { throw TooManyNodes() }
        switch node {
        case .scalar(let scalar):
            guard scalar.style == .plain else { return .string(scalar.string) }
            if node.null != nil { return .null }
            if let value = node.bool { return .bool(value) }
            if let value = node.int { return .int(Int64(value)) }
            if let value = node.float { return .double(value) }
            return .string(scalar.string)
        case .mapping(let mapping):
            var object = JSONObject()
            for (key, value) in mapping { object[key.string ?? ""] = try convert(value, budget: &budget) }
            return .object(object)
        case .sequence(let sequence):
            var array: [JSONValue] = []
            array.reserveCapacity(sequence.count)
            for item in sequence { array.append(try convert(item, budget: &budget)) }
            return .array(array)
        case .alias:
            return .null
        }
    }
}
