/// Checks a value against a compiled ``SchemaProgram``, collecting every violation and filling in
/// defaults for missing object properties.
///
/// The path to the current value is a stack of components that becomes a string only when a
/// violation is reported, so a valid value costs no string building.
struct SchemaValidator {
    private enum PathComponent {
        case key(String)
        case index(Int)
    }

    private let program: SchemaProgram
    private var path: [PathComponent] = []
    private(set) var violations: [JSONSchemaViolation] = []

    private init(program: SchemaProgram) { self.program = program }

    /// Validates `value` against `node`; on success returns it with defaults filled in.
    static func validate(_ value: JSONValue, _ node: SchemaNode, in program: SchemaProgram) -> Result<JSONValue, JSONSchemaViolations> {
        var validator = SchemaValidator(program: program)
        let filled = validator.check(value, node)
        return validator.violations.isEmpty ? .success(filled ?? value) : .failure(JSONSchemaViolations(validator.violations))
    }

    // MARK: - The walk

    /// Checks one value. Returns the value with defaults filled in, or `nil` when nothing changed,
    /// so the common case copies nothing.
    private mutating func check(_ value: JSONValue, _ node: SchemaNode) -> JSONValue? {
        let k = node.keywords
        if k.allowsNothing {
            report("no value is allowed here")
            return nil
        }
        if let types = k.types, !types.matches(value) {
            report("expected \(SchemaMessages.list(k.typeNames.map(\.rawValue))), found \(SchemaMessages.describe(value))")
            return nil  // other keywords would only repeat the type mismatch
        }
        if let options = k.enumValues, !options.contains(where: { $0.schemaEquals(value) }) {
            let allowed = SchemaMessages.list(options.map(\.jsonText))
            report("must be \(options.count == 1 ? allowed : "one of \(allowed)"), found \(SchemaMessages.describe(value))")
        }
        if let constant = k.constValue, !constant.schemaEquals(value) {
            report("must be \(constant.jsonText), found \(SchemaMessages.describe(value))")
        }
        var changed: JSONValue?
        switch value {
        case .int, .double: checkNumber(value, k)
        case .string(let s): checkString(s, k)
        case .array(let items): changed = checkArray(items, k)
        case .object(let object): changed = checkObject(object, k)
        case .null, .bool: break
        }
        if let ref = k.ref {
            changed = check(changed ?? value, program.refTargets[ref]) ?? changed
        }
        for branch in k.allOf {
            changed = check(changed ?? value, branch) ?? changed
        }
        if !k.anyOf.isEmpty || !k.oneOf.isEmpty {
            changed = checkAlternatives(changed ?? value, k) ?? changed
        }
        if let not = k.not, trial(value, not).violations.isEmpty {
            report("must not match \(SchemaMessages.quote(not.keywords.location)) (it does)")
        }
        return changed
    }

    private mutating func checkNumber(_ value: JSONValue, _ k: SchemaKeywords) {
        let found = value.jsonText
        if let bound = k.minimum, SchemaNumbers.compare(value, bound) < 0 { report("must be ≥ \(bound.jsonText), found \(found)") }
        if let bound = k.maximum, SchemaNumbers.compare(value, bound) > 0 { report("must be ≤ \(bound.jsonText), found \(found)") }
        if let bound = k.exclusiveMinimum, SchemaNumbers.compare(value, bound) <= 0 { report("must be > \(bound.jsonText), found \(found)") }
        if let bound = k.exclusiveMaximum, SchemaNumbers.compare(value, bound) >= 0 { report("must be < \(bound.jsonText), found \(found)") }
        if let divisor = k.multipleOf, !SchemaNumbers.isMultiple(value, of: divisor) {
            report("must be a multiple of \(divisor.jsonText), found \(found)")
        }
    }

    private mutating func checkString(_ s: String, _ k: SchemaKeywords) {
        if k.minLength != nil || k.maxLength != nil {
            // JSON Schema counts lengths in Unicode code points.
            let length = s.unicodeScalars.count
            if let min = k.minLength, length < min {
                report("must be at least \(SchemaMessages.plural(min, "character")) long, found \(length): \(SchemaMessages.quote(s))")
            }
            if let max = k.maxLength, length > max {
                report("must be at most \(SchemaMessages.plural(max, "character")) long, found \(length)")
            }
        }
        if let pattern = k.pattern, !pattern.matches(s) {
            report("must match the pattern \(pattern.source), found \(SchemaMessages.quote(s))")
        }
    }

    private mutating func checkArray(_ items: [JSONValue], _ k: SchemaKeywords) -> JSONValue? {
        if let min = k.minItems, items.count < min { report("must have at least \(SchemaMessages.plural(min, "item")), found \(items.count)") }
        if let max = k.maxItems, items.count > max { report("must have at most \(SchemaMessages.plural(max, "item")), found \(items.count)") }
        if k.uniqueItems { checkUnique(items) }
        var updated: [JSONValue]?
        for (i, item) in items.enumerated() {
            let schema = i < k.prefixItems.count ? k.prefixItems[i] : k.items
            guard let schema else { continue }
            path.append(.index(i))
            if let filled = check(item, schema) {
                if updated == nil { updated = items }
                updated?[i] = filled
            }
            path.removeLast()
        }
        return updated.map(JSONValue.array)
    }

    private mutating func checkUnique(_ items: [JSONValue]) {
        for i in items.indices {
            for j in items.indices where j > i && items[i].schemaEquals(items[j]) {
                report("items must be unique, but items \(i) and \(j) are both \(SchemaMessages.describe(items[i]))")
                return
            }
        }
    }

    private mutating func checkObject(_ object: JSONObject, _ k: SchemaKeywords) -> JSONValue? {
        if let min = k.minProperties, object.count < min { report("must have at least \(SchemaMessages.plural(min, "property")), found \(object.count)") }
        if let max = k.maxProperties, object.count > max { report("must have at most \(SchemaMessages.plural(max, "property")), found \(object.count)") }
        for name in k.required where !object.contains(name) {
            path.append(.key(name))
            report("required property is missing")
            path.removeLast()
        }
        var updated: JSONObject?
        for (name, schema) in k.properties {
            path.append(.key(name))
            defer { path.removeLast() }
            if let member = object[name] {
                if let filled = check(member, schema) {
                    if updated == nil { updated = object }
                    updated?[name] = filled
                }
            } else if let defaultValue = program.defaultValue(of: schema) {
                // Defaults were validated at compile time; checking fills the default's own nested defaults.
                if updated == nil { updated = object }
                updated?[name] = check(defaultValue, schema) ?? defaultValue
            }
        }
        if case .allowed = k.additionalProperties {} else {
            for (name, member) in object where !k.properties.contains(where: { $0.name == name }) {
                path.append(.key(name))
                defer { path.removeLast() }
                switch k.additionalProperties {
                case .forbidden:
                    let allowed = k.properties.isEmpty ? "this object takes no properties" : "allowed: " + k.properties.map(\.name).joined(separator: ", ")
                    report("unexpected property (\(allowed))")
                case .schema(let schema):
                    if let filled = check(member, schema) {
                        if updated == nil { updated = object }
                        updated?[name] = filled
                    }
                case .allowed: break
                }
            }
        }
        return updated.map(JSONValue.object)
    }

    /// `anyOf` and `oneOf`. Each branch runs in a trial validator so a failed branch reports
    /// nothing on its own; the value takes the defaults of the branch that matched.
    private mutating func checkAlternatives(_ value: JSONValue, _ k: SchemaKeywords) -> JSONValue? {
        var changed: JSONValue?
        if !k.anyOf.isEmpty {
            var failures: [[JSONSchemaViolation]] = []
            var matched = false
            for branch in k.anyOf {
                let result = trial(value, branch)
                if result.violations.isEmpty { matched = true; changed = result.filled; break }
                failures.append(result.violations)
            }
            if !matched { reportNoAlternative(value, failures) }
        }
        if !k.oneOf.isEmpty {
            var failures: [[JSONSchemaViolation]] = []
            var matches: [Int] = []
            for (i, branch) in k.oneOf.enumerated() {
                let result = trial(changed ?? value, branch)
                if result.violations.isEmpty {
                    if matches.isEmpty { changed = result.filled ?? changed }
                    matches.append(i + 1)
                } else {
                    failures.append(result.violations)
                }
            }
            if matches.isEmpty {
                reportNoAlternative(value, failures)
            } else if matches.count > 1 {
                report("must match exactly one alternative, but matches alternatives \(SchemaMessages.list(matches.map(String.init), conjunction: "and"))")
            }
        }
        return changed
    }

    private mutating func reportNoAlternative(_ value: JSONValue, _ failures: [[JSONSchemaViolation]]) {
        // The common `anyOf: [{type: X}, {type: null}]` shape reads best as one type list.
        let typeOnly = failures.allSatisfy { $0.count == 1 && $0[0].path.isEmpty && $0[0].message.hasPrefix("expected ") }
        if typeOnly {
            let expected = failures.map { $0[0].message.dropFirst("expected ".count).prefix { $0 != "," } }.map(String.init)
            report("expected \(SchemaMessages.list(expected)), found \(SchemaMessages.describe(value))")
            return
        }
        let options = failures.enumerated().map { i, violations in
            "(\(i + 1)) " + JSONSchemaViolations(violations).description
        }
        report("does not match any allowed alternative: " + options.joined(separator: "; "))
    }

    /// Validates `value` against `node` with a fresh validator rooted at this value.
    private func trial(_ value: JSONValue, _ node: SchemaNode) -> (violations: [JSONSchemaViolation], filled: JSONValue?) {
        var validator = SchemaValidator(program: program)
        let filled = validator.check(value, node)
        return (validator.violations, filled)
    }

    // MARK: - Reporting

    private mutating func report(_ message: String) {
        violations.append(JSONSchemaViolation(path: renderedPath, message: message))
    }

    /// `items[2].name`, or empty at the root.
    private var renderedPath: String {
        var text = ""
        for component in path {
            switch component {
            case .key(let key):
                let part = SchemaMessages.pathComponent(key)
                if !text.isEmpty && !part.hasPrefix("[") { text += "." }
                text += part
            case .index(let i):
                text += "[\(i)]"
            }
        }
        return text
    }
}
