/// An insertion-ordered JSON object.
///
/// Members live in one array in the order they were first written, so encoding is stable and
/// reads the way it was written. Tool arguments and results are small objects, where a linear
/// scan over a few keys beats hashing; past `indexThreshold` members a hash index is kept too.
/// Equality and hashing ignore member order, as JSON object semantics require.
public struct JSONObject: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral {
    /// One member of an object.
    public typealias Element = (key: String, value: JSONValue)

    private var entries: [Element] = []
    /// Key → position in `entries`; built only once the object is large.
    private var index: [String: Int]?

    /// Objects with more members than this keep a hash index for lookups.
    static let indexThreshold = 12

    /// Creates an empty object.
    public init() {}

    /// Creates an object from literal members; a repeated key keeps its last value.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements)
    }

    /// Creates an object from members in order; a repeated key keeps its last value.
    public init(_ pairs: [(String, JSONValue)]) {
        entries.reserveCapacity(pairs.count)
        for (key, value) in pairs { self[key] = value }
    }

    /// The number of members.
    public var count: Int { entries.count }
    /// Whether the object has no members.
    public var isEmpty: Bool { entries.isEmpty }
    /// The member names, in order.
    public var keys: [String] { entries.map(\.key) }
    /// The member values, in order.
    public var values: [JSONValue] { entries.map(\.value) }

    /// Reserves room for `capacity` members.
    package mutating func reserveCapacity(_ capacity: Int) { entries.reserveCapacity(capacity) }

    /// Reads or writes a member. Writing `nil` removes it; writing a new key appends it.
    public subscript(key: String) -> JSONValue? {
        get {
            guard let position = position(of: key) else { return nil }
            return entries[position].value
        }
        set {
            if let newValue {
                if let position = position(of: key) {
                    entries[position].value = newValue
                } else {
                    entries.append((key, newValue))
                    if index != nil {
                        index?[key] = entries.count - 1
                    } else if entries.count > Self.indexThreshold {
                        buildIndex()
                    }
                }
            } else if let position = position(of: key) {
                entries.remove(at: position)
                if index != nil { buildIndex() }
            }
        }
    }

    /// Whether the object has a member named `key`.
    public func contains(_ key: String) -> Bool { position(of: key) != nil }

    private func position(of key: String) -> Int? {
        if let index { return index[key] }
        return entries.firstIndex { $0.key == key }
    }

    private mutating func buildIndex() {
        var built = [String: Int](minimumCapacity: entries.count)
        for (position, entry) in entries.enumerated() { built[entry.key] = position }
        index = built
    }

    /// Iterates members in order.
    public func makeIterator() -> IndexingIterator<[Element]> { entries.makeIterator() }

    /// Objects are equal when they have the same members, in any order.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.count == rhs.count else { return false }
        for (key, value) in lhs.entries where rhs[key] != value { return false }
        return true
    }

    /// Hashes the members independently of their order, consistent with `==`.
    public func hash(into hasher: inout Hasher) {
        // Order-independent: combine per-member hashes with a commutative sum.
        var sum = 0
        for (key, value) in entries {
            var member = Hasher()
            member.combine(key)
            member.combine(value)
            sum &+= member.finalize()
        }
        hasher.combine(entries.count)
        hasher.combine(sum)
    }
}
