/// Counts as people read them in tool messages and approval prompts ("1,234 chars"), without
/// Foundation's locale machinery (which loads ICU).
enum CountText {
    /// `1234567` → `"1,234,567"`.
    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = value < 0 ? "-" : ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return out
    }
}
