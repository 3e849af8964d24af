/// Reading token counts from a provider's `usage` object.
///
/// Any compatible server or proxy can send any number, so a count is checked before it is
/// used: absent or `null` is 0; a whole number from 0 to `Int64.max` is taken; anything else
/// (negative, fractional, too large, not a number) is refused with an error naming the field.
/// Sums of accepted counts saturate (``Usage/+(_:_:)``), so no count can crash a run.
extension ProviderClient {
    /// - Parameters:
    ///   - usage: the provider's `usage` object (or nil).
    ///   - path: the field's path inside `usage`, e.g. `["prompt_tokens_details", "cached_tokens"]`.
    /// - Throws: ``ModelError`` (``ModelError/Kind/malformedResponse``) naming `usage.PATH`.
    func tokenCount(_ usage: JSONValue?, _ path: String...) throws -> Int {
        var value = usage
        for key in path { value = value?[key] }
        switch value {
        case nil, .null?:
            return 0
        case let number? where (number.int64Value ?? -1) >= 0:
            return Int(number.int64Value ?? 0)
        case let other?:
            let text = String(other.jsonText.prefix(40))
            throw error(
                .malformedResponse,
                "usage.\(path.joined(separator: ".")) is \(text); a token count must be a whole number from 0 to \(Int64.max)")
        }
    }
}
