import Foundation

/// Reads the manifest's `providers` section: the project's own OpenAI- or Anthropic-compatible
/// endpoints, each named for the `provider:` prefix of model strings.
///
/// ```json
/// "providers": {"mybox": {"api": "openai", "base_url": "http://127.0.0.1:8000/v1",
///                         "api_key_env": "MYBOX_KEY", "headers": {"X-Org": "a"},
///                         "quirks": {"no_stream_with_tools": true}}}
/// ```
///
/// A name that is a built-in provider's is refused unless the entry says `"override": true`
/// (then the entry replaces the built-in for this project), so a typo'd copy of a built-in
/// cannot silently redirect `openai:` requests.
extension ManifestParser.Reader {
    static let providerKeys = ["api", "base_url", "api_key_env", "headers", "quirks", "override"]

    mutating func providers(_ json: JSONValue) -> [String: ProviderConfig] {
        guard case .object(let object) = json else {
            fail("providers", "expected an object of provider names, found \(json.typeName)")
            return [:]
        }
        var result: [String: ProviderConfig] = [:]
        for (name, value) in object.sorted(by: { $0.key < $1.key }) {
            if let config = provider(name, value) { result[name] = config }
        }
        return result
    }

    mutating func provider(_ name: String, _ json: JSONValue) -> ProviderConfig? {
        let field = "providers.\(name)"
        guard Self.isName(name) else {
            fail(field, "a provider name is lower-case letters, digits, '-', '_' or '.', starting with a letter or digit")
            return nil
        }
        guard case .object(let object) = json else {
            fail(field, "expected an object like {\"api\": \"openai\", \"base_url\": \"http://…/v1\"}, found \(json.typeName)")
            return nil
        }
        let errorsBefore = diagnostics.count
        for (key, _) in object where !Self.providerKeys.contains(key) {
            fail("\(field).\(key)", "unknown key\(DidYouMean.hint(for: key, among: Self.providerKeys))")
        }
        let overrides = object["override"].flatMap { bool($0, field: field + ".override") } ?? false
        if name == "test" {
            fail(field, "'test' is the built-in test model; choose another name")
        } else if BuiltinProviders.named(name) != nil, !overrides {
            fail(field, "'\(name)' is a built-in provider; choose another name, or add \"override\": true to replace it in this project")
        }
        let api = self.api(field + ".api", object["api"])
        let baseURL = self.baseURL(field + ".base_url", object["base_url"])
        let keyVariable = object["api_key_env"].flatMap { variable(field + ".api_key_env", $0) }
        let headers = object["headers"].map { self.headers(field + ".headers", $0) } ?? [:]
        var quirks = ProviderQuirks()
        if let json = object["quirks"] {
            if api == .anthropic {
                fail(field + ".quirks", "quirks apply to \"api\": \"openai\" providers only")
            } else {
                quirks = self.quirks(field + ".quirks", json)
            }
        }
        guard diagnostics.count == errorsBefore, let api, let baseURL else { return nil }
        return ProviderConfig(
            name: name, api: api, baseURL: baseURL, keyVariable: keyVariable,
            keyPolicy: keyVariable == nil ? .optional : .required, headers: headers, quirks: quirks)
    }

    static func isName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, isLowerAlphanumeric(first) else { return false }
        return name.unicodeScalars.allSatisfy { isLowerAlphanumeric($0) || "-_.".unicodeScalars.contains($0) }
    }

    private static func isLowerAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
    }

    mutating func api(_ field: String, _ json: JSONValue?) -> ProviderAPI? {
        guard let json else {
            fail(field, "missing; expected \"openai\" (Chat Completions) or \"anthropic\" (Messages)")
            return nil
        }
        guard let api = json.stringValue.flatMap(ProviderAPI.init(rawValue:)) else {
            fail(field, "expected \"openai\" or \"anthropic\", found \(json.jsonText)")
            return nil
        }
        return api
    }

    mutating func baseURL(_ field: String, _ json: JSONValue?) -> String? {
        guard let json else {
            fail(field, "missing; expected the endpoint's base URL, like \"http://127.0.0.1:8000/v1\"")
            return nil
        }
        guard var text = json.stringValue else {
            fail(field, "expected a URL string, found \(json.typeName)")
            return nil
        }
        guard let url = URLComponents(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
            let host = url.host, !host.isEmpty, url.query == nil, url.fragment == nil
        else {
            fail(field, "\(json.jsonText) is not an http:// or https:// URL with a host (and no query or fragment)")
            return nil
        }
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }

    mutating func variable(_ field: String, _ json: JSONValue) -> String? {
        guard let name = json.stringValue else {
            fail(field, "expected the name of an environment variable, found \(json.typeName)")
            return nil
        }
        let valid =
            !name.isEmpty && name.unicodeScalars.allSatisfy { $0.isASCII && ($0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0)) }
            && !("0"..."9").contains(name.unicodeScalars.first ?? "0")
        guard valid else {
            fail(field, "\(json.jsonText) is not an environment variable name (letters, digits and '_', not starting with a digit)")
            return nil
        }
        return name
    }

    mutating func headers(_ field: String, _ json: JSONValue) -> [String: String] {
        guard case .object(let object) = json else {
            fail(field, "expected an object of header names and string values, found \(json.typeName)")
            return [:]
        }
        var result: [String: String] = [:]
        for (name, value) in object {
            let token = "!#$%&'*+-.^_`|~"
            if name.isEmpty || !name.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || token.unicodeScalars.contains($0)) }) {
                fail("\(field).\(name)", "not a valid HTTP header name")
                continue
            }
            guard let text = value.stringValue else {
                fail("\(field).\(name)", "expected a string, found \(value.typeName)")
                continue
            }
            if let control = PrintableText.firstControlCharacter(in: text) {
                fail("\(field).\(name)", "the value contains the control character \(control)")
                continue
            }
            result[name] = text
        }
        return result
    }

    mutating func quirks(_ field: String, _ json: JSONValue) -> ProviderQuirks {
        var quirks = ProviderQuirks()
        guard case .object(let object) = json else {
            fail(field, "expected an object of quirk names and true/false, found \(json.typeName)")
            return quirks
        }
        for (name, value) in object {
            guard ProviderQuirks.names.contains(name) else {
                fail("\(field).\(name)", "unknown quirk\(DidYouMean.hint(for: name, among: ProviderQuirks.names)); known: \(ProviderQuirks.names.joined(separator: ", "))")
                continue
            }
            if let on = bool(value, field: "\(field).\(name)") { quirks.set(name, to: on) }
        }
        return quirks
    }
}
