/// Checks a value against a compiled ``SchemaProgram``, collecting every violation and filling in
/// defaults for missing object properties.
///
/// Valid values cost no path bookkeeping: a violation records where it happened relative to the
/// value being checked, and each parent adds its own key or index as the walk unwinds.
struct SchemaValidator {
    private enum PathComponent {
        case key(String)
        case index(Int)
    }

    private struct Pending {
        /// Innermost component first; reversed when rendered.
        var reversedPath: [PathComponent]
        var message: String
    }

    private let program: SchemaProgram
    private var pending: [Pending] = []

    private init(program: SchemaProgram) { self.program = program }

    /// Validates `value` against `node`; on success returns it with defaults filled in.
    static func validate(_ value: JSONValue, _ node: SchemaNode, in program: SchemaProgram) -> Result<JSONValue, JSONSchemaViolations> {
        var validator = SchemaValidator(program: program)
        let filled = validator.check(value, node)
        return validator.pending.isEmpty ? .success(filled ?? value) : .failure(JSONSchemaViolations(validator.violations))
    }

    private var violations: [JSONSchemaViolation] {
        pending.map { JSONSchemaViolation(path: Self.render($0.reversedPath.reversed()), message: $0.message) }
    }

    // MARK: - The walk

    /// Checks one value. Returns the value with defaults filled in, or `nil` when nothing changed,
    /// so the common case copies nothing. Keywords are read through `node.keywords.…` one at a
    /// time: copying the whole keyword struct would retain every field on every call.
    private mutating func check(_ value: JSONValue, _ node: SchemaNode) -> JSONValue? {
        if node.keywords.allowsNothing {
            report("no value is allowed here")
            return nil
        }
        if let types = node.keywords.types, !types.matches(value) {
            let expected = SchemaMessages.list(node.keywords.typeNames.map(\.rawValue))
            report("expected \(expected), found \(SchemaMessages.describe(value))")
            return nil  // other keywords would only repeat the type mismatch
        }
        if let options = node.keywords.enumValues, !options.contains(where: { $0.schemaEquals(value) }) {
            let allowed = SchemaMessages.list(options.map(\.jsonText))
            report("must be \(options.count == 1 ? allowed : "one of \(allowed)"), found \(SchemaMessages.describe(value))")
        }
        if let constant = node.keywords.constValue, !constant.schemaEquals(value) {
            report("must be \(constant.jsonText), found \(SchemaMessages.describe(value))")
        }
        var changed: JSONValue?
        switch value {
        case .int, .double: checkNumber(value, node)
        case .string(let s): checkString(s, node)
        case .array(let items): changed = checkArray(items, node)
        case .object(let object): changed = checkObject(object, node)
        case .null, .bool: break
        }
        if let ref = node.keywords.ref {
            changed = check(changed ?? value, program.refTargets[ref]) ?? changed
        }
        for branch in node.keywords.allOf {
            changed = check(changed ?? value, branch) ?? changed
        }
        if !node.keywords.anyOf.isEmpty || !node.keywords.oneOf.isEmpty {
            changed = checkAlternatives(changed ?? value, node.keywords) ?? changed
        }
        if let not = node.keywords.not, trial(value, not).violations.isEmpty {
            report("must not match \(SchemaMessages.quote(not.keywords.location)) (it does)")
        }
        return changed
    }

    /// Checks `value` as the member `component` of the current value.
    private mutating func descend(into component: PathComponent, _ value: JSONValue, _ node: SchemaNode) -> JSONValue? {
        let before = pending.count
        let filled = check(value, node)
        for i in before..<pending.count { pending[i].reversedPath.append(component) }
        return filled
    }

    private mutating func checkNumber(_ value: JSONValue, _ node: SchemaNode) {
        if let bound = node.keywords.minimum, SchemaNumbers.compare(value, bound) < 0 {
            report("must be ≥ \(bound.jsonText), found \(value.jsonText)")
        }
        if let bound = node.keywords.maximum, SchemaNumbers.compare(value, bound) > 0 {
            report("must be ≤ \(bound.jsonText), found \(value.jsonText)")
        }
        if let bound = node.keywords.exclusiveMinimum, SchemaNumbers.compare(value, bound) <= 0 {
            report("must be > \(bound.jsonText), found \(value.jsonText)")
        }
        if let bound = node.keywords.exclusiveMaximum, SchemaNumbers.compare(value, bound) >= 0 {
            report("must be < \(bound.jsonText), found \(value.jsonText)")
        }
        if let divisor = node.keywords.multipleOf, !SchemaNumbers.isMultiple(value, of: divisor) {
            report("must be a multiple of \(divisor.jsonText), found \(value.jsonText)")
        }
    }

    private mutating func checkString(_ s: String, _ node: SchemaNode) {
        let min = node.keywords.minLength
        let max = node.keywords.maxLength
        if min != nil || max != nil {
            // JSON Schema counts lengths in Unicode code points.
            let length = s.unicodeScalars.count
            if let min, length < min {
                report("must be at least \(SchemaMessages.plural(min, "character")) long, found \(length): \(SchemaMessages.quote(s))")
            }
            if let max, length > max {
                report("must be at most \(SchemaMessages.plural(max, "character")) long, found \(length)")
            }
        }
        if let pattern = node.keywords.pattern, !pattern.matches(s) {
            report("must match the pattern \(pattern.source), found \(SchemaMessages.quote(s))")
        }
    }

    private mutating func checkArray(_ items: [JSONValue], _ node: SchemaNode) -> JSONValue? {
        if let min = node.keywords.minItems, items.count < min {
            report("must have at least \(SchemaMessages.plural(min, "item")), found \(items.count)")
        }
        if let max = node.keywords.maxItems, items.count > max {
            report("must have at most \(SchemaMessages.plural(max, "item")), found \(items.count)")
        }
        if node.keywords.uniqueItems { checkUnique(items) }
        let prefixItems = node.keywords.prefixItems
        let rest = node.keywords.items
        var updated: [JSONValue]?
        for (i, item) in items.enumerated() {
            guard let schema = i < prefixItems.count ? prefixItems[i] : rest else { continue }
            if let filled = descend(into: .index(i), item, schema) {
                if updated == nil { updated = items }
                updated?[i] = filled
            }
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

    private mutating func checkObject(_ object: JSONObject, _ node: SchemaNode) -> JSONValue? {
        if let min = node.keywords.minProperties, object.count < min {
            report("must have at least \(SchemaMessages.plural(min, "property")), found \(object.count)")
        }
        if let max = node.keywords.maxProperties, object.count > max {
            report("must have at most \(SchemaMessages.plural(max, "property")), found \(object.count)")
        }
        for name in node.keywords.required where !object.contains(name) {
            report("required property is missing", at: .key(name))
        }
        var updated: JSONObject?
        for (name, schema) in node.keywords.properties {
            if let member = object[name] {
                if let filled = descend(into: .key(name), member, schema) {
                    if updated == nil { updated = object }
                    updated?[name] = filled
                }
            } else if let defaultValue = program.defaultValue(of: schema) {
                // Defaults were validated at compile time; checking fills the default's own nested defaults.
                if updated == nil { updated = object }
                updated?[name] = check(defaultValue, schema) ?? defaultValue
            }
        }
        switch node.keywords.additionalProperties {
        case .allowed:
            break
        case .forbidden:
            let declared = node.keywords.properties
            for (name, _) in object where !declared.contains(where: { $0.name == name }) {
                let allowed = declared.isEmpty ? "this object takes no properties" : "allowed: " + declared.map(\.name).joined(separator: ", ")
                report("unexpected property (\(allowed))", at: .key(name))
            }
        case .schema(let schema):
            let declared = node.keywords.properties
            for (name, member) in object where !declared.contains(where: { $0.name == name }) {
                if let filled = descend(into: .key(name), member, schema) {
                    if updated == nil { updated = object }
                    updated?[name] = filled
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
            let expected = failures.map { String($0[0].message.dropFirst("expected ".count).prefix { $0 != "," }) }
            report("expected \(SchemaMessages.list(expected)), found \(SchemaMessages.describe(value))")
            return
        }
        let options = failures.enumerated().map { i, violations in
            "(\(i + 1)) " + JSONSchemaViolations(violations).description
        }
        report("does not match any allowed alternative: " + options.joined(separator: "; "))
    }

    /// Validates `value` against `node` with a fresh validator, so paths are relative to `value`.
    private func trial(_ value: JSONValue, _ node: SchemaNode) -> (violations: [JSONSchemaViolation], filled: JSONValue?) {
        var validator = SchemaValidator(program: program)
        let filled = validator.check(value, node)
        return (validator.violations, filled)
    }

    // MARK: - Reporting

    private mutating func report(_ message: String, at component: PathComponent? = nil) {
        pending.append(Pending(reversedPath: component.map { [$0] } ?? [], message: message))
    }

    /// `items[2].name`, or empty at the root.
    private static func render(_ path: some Sequence<PathComponent>) -> String {
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
