extension JSONSchema {
    /// A value that is valid for this schema by construction, for calling a tool with generated
    /// arguments (the deterministic test model does this for every tool).
    ///
    /// Objects get every declared property, required or not; numbers respect bounds and
    /// `multipleOf`; strings respect lengths and, for common `format`s, look the part; `enum` and
    /// `const` pick their first value; `anyOf`/`oneOf` use the first branch that works; `$ref` is
    /// followed. A valid `default` or `examples` entry is preferred when present.
    ///
    /// Limits: a `pattern` is satisfied by generating from simple regexes (literals, classes,
    /// `\d \w \s`, groups, alternation, quantifiers); beyond that the generator falls back to the
    /// schema's `examples`/`default`, then to plain strings, and the result may not match.
    /// Unsatisfiable schemas (`false`, contradictory bounds) yield a best effort, not a valid value.
    package func exampleValue() -> JSONValue {
        var generator = SchemaExampleGenerator(program: program)
        return generator.example(program.root)
    }
}

/// Builds example values from the compiled tree; see ``JSONSchema/exampleValue()``.
struct SchemaExampleGenerator {
    let program: SchemaProgram
    private var depth = 0
    /// Optional properties and array items stop being generated this deep, so recursive schemas end.
    private static let optionalDepthLimit = 4
    private static let depthLimit = 32

    init(program: SchemaProgram) { self.program = program }

    private func isValid(_ value: JSONValue, _ node: SchemaNode) -> Bool {
        if case .success = SchemaValidator.validate(value, node, in: program) { return true }
        return false
    }

    mutating func example(_ node: SchemaNode) -> JSONValue {
        guard depth < Self.depthLimit else { return .null }
        depth += 1
        defer { depth -= 1 }
        let k = node.keywords
        if let constant = k.constValue { return constant }
        if let first = k.enumValues?.first(where: { isValid($0, node) }) ?? k.enumValues?.first { return first }
        for candidate in (k.defaultValue.map { [$0] } ?? []) + k.examples where isValid(candidate, node) {
            return candidate
        }
        if let ref = k.ref, k.types == nil {
            let value = example(program.refTargets[ref])
            if isValid(value, node) { return value }
        }
        if k.types == nil, k.impliedTypes.isEmpty {
            for branch in k.anyOf + k.oneOf {
                let value = example(branch)
                if isValid(value, node) { return value }
            }
        }
        let value = constructed(node)
        if isValid(value, node) { return value }
        // Keywords the construction does not aim for (`not`, clashing branches): try plain values.
        return Self.fallbacks.first { isValid($0, node) } ?? value
    }

    private static let fallbacks: [JSONValue] = [.null, .bool(true), .int(0), .string("example"), .array([]), .object([:])]

    /// A value built from the node's type and keywords, merged with its `allOf` branches.
    private mutating func constructed(_ node: SchemaNode) -> JSONValue {
        let k = node.keywords
        var value = example(of: preferredType(k), k)
        // allOf branches often each add properties to one object: merge what they generate.
        for branch in k.allOf {
            let part = example(branch)
            if case .object(var merged) = value, case .object(let extra) = part {
                for (key, member) in extra where merged[key] == nil { merged[key] = member }
                value = .object(merged)
            } else if k.types == nil, k.impliedTypes.isEmpty {
                value = part
            }
        }
        return value
    }

    private func preferredType(_ k: SchemaKeywords) -> JSONSchema.ValueType? {
        if let declared = k.typeNames.first(where: { $0 != .null }) ?? k.typeNames.first { return declared }
        let implied = k.impliedTypes
        return JSONSchema.ValueType.allCases.first { implied.contains(SchemaTypes($0)) }
    }

    private mutating func example(of type: JSONSchema.ValueType?, _ k: SchemaKeywords) -> JSONValue {
        switch type {
        case .null: return .null
        case .boolean: return .bool(true)
        case .integer: return .int(integerExample(k))
        case .number: return .double(numberExample(k))
        case .string: return .string(stringExample(k))
        case .array: return .array(arrayExample(k))
        case .object: return .object(objectExample(k))
        case nil: return .string("example")  // any value is valid
        }
    }

    private func integerExample(_ k: SchemaKeywords) -> Int64 {
        var low = k.minimum.flatMap { $0.doubleValue?.rounded(.up) }
        if let bound = k.exclusiveMinimum?.doubleValue { low = max(low ?? -.infinity, bound.rounded(.down) + 1) }
        var high = k.maximum.flatMap { $0.doubleValue?.rounded(.down) }
        if let bound = k.exclusiveMaximum?.doubleValue { high = min(high ?? .infinity, bound.rounded(.up) - 1) }
        var value = low ?? min(high ?? 1, 1)
        if let step = k.multipleOf?.doubleValue {
            value = low != nil || high == nil ? (value / step).rounded(.up) * step : (value / step).rounded(.down) * step
        }
        return Int64(exactly: value.rounded()) ?? 1
    }

    private func numberExample(_ k: SchemaKeywords) -> Double {
        let low = k.minimum?.doubleValue ?? k.exclusiveMinimum?.doubleValue
        let high = k.maximum?.doubleValue ?? k.exclusiveMaximum?.doubleValue
        var value: Double
        switch (low, high) {
        case (let l?, let h?): value = k.exclusiveMinimum == nil && k.exclusiveMaximum == nil ? l : (l + h) / 2
        case (let l?, nil): value = k.exclusiveMinimum == nil ? l : l + 1
        case (nil, let h?): value = k.exclusiveMaximum == nil ? min(h, 1.5) : min(h - 1, 1.5)
        case (nil, nil): value = 1.5
        }
        if let step = k.multipleOf?.doubleValue {
            let rounded = (value / step).rounded(high != nil && low == nil ? .down : .up) * step
            if k.exclusiveMinimum != nil, let l = low, rounded <= l { value = rounded + step } else { value = rounded }
        }
        return value
    }

    private func stringExample(_ k: SchemaKeywords) -> String {
        var candidates: [String] = []
        if let pattern = k.pattern {
            var regexGenerator = RegexExampleGenerator(pattern.source)
            if let generated = regexGenerator.generate() { candidates.append(generated) }
        }
        candidates.append(Self.formatExample(k.format))
        for candidate in candidates {
            let fitted = fitLength(candidate, k)
            if k.pattern?.matches(fitted) ?? true { return fitted }
        }
        return fitLength(candidates.first ?? "example", k)
    }

    private static func formatExample(_ format: String?) -> String {
        switch format {
        case "date-time": return "2024-01-01T00:00:00Z"
        case "date": return "2024-01-01"
        case "time": return "12:00:00Z"
        case "email": return "user@example.com"
        case "uri", "url": return "https://example.com/"
        case "uuid": return "00000000-0000-4000-8000-000000000000"
        case "ipv4": return "192.0.2.1"
        case "hostname": return "example.com"
        default: return "example"
        }
    }

    private func fitLength(_ s: String, _ k: SchemaKeywords) -> String {
        var scalars = Array(s.unicodeScalars)
        if let min = k.minLength, scalars.count < min { scalars += Array(repeating: "x", count: min - scalars.count) }
        if let max = k.maxLength, scalars.count > max { scalars.removeLast(scalars.count - max) }
        var result = ""
        result.unicodeScalars.append(contentsOf: scalars)
        return result
    }

    private mutating func arrayExample(_ k: SchemaKeywords) -> [JSONValue] {
        var items = k.prefixItems.map { example($0) }
        var count = max(k.minItems ?? 0, items.count)
        if k.items != nil, depth <= Self.optionalDepthLimit { count = max(count, 1) }
        if let max = k.maxItems { count = min(count, max) }
        items = Array(items.prefix(count))
        while items.count < count {
            let item = k.items.map { example($0) } ?? .null
            items.append(k.uniqueItems ? Self.distinct(item, from: items) : item)
        }
        return items
    }

    /// Varies a generated item so `uniqueItems` holds, for the scalar cases that are easy to vary.
    private static func distinct(_ item: JSONValue, from items: [JSONValue]) -> JSONValue {
        guard items.contains(where: { $0.schemaEquals(item) }) else { return item }
        switch item {
        case .int(let i): return .int(i + Int64(items.count))
        case .double(let d): return .double(d + Double(items.count))
        case .string(let s): return .string(s + String(items.count))
        default: return item
        }
    }

    private mutating func objectExample(_ k: SchemaKeywords) -> JSONObject {
        var object = JSONObject()
        for (name, schema) in k.properties where depth <= Self.optionalDepthLimit || k.required.contains(name) {
            object[name] = example(schema)
        }
        for name in k.required where object[name] == nil {
            switch k.additionalProperties {
            case .schema(let schema): object[name] = example(schema)
            case .allowed: object[name] = .string("example")
            case .forbidden: break  // unsatisfiable: required but not allowed
            }
        }
        return object
    }
}
