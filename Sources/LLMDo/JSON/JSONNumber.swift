/// Number conversions for the parser that avoid creating a `String` on the common path.
enum JSONNumber {
    /// Exact powers of ten representable as a `Double` (10^0 … 10^22).
    private static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// The signed integer for a magnitude, or `nil` when it does not fit an `Int64`.
    static func int64(magnitude: UInt64, negative: Bool) -> Int64? {
        if negative {
            if magnitude <= UInt64(Int64.max) { return -Int64(magnitude) }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : nil
        }
        return magnitude <= UInt64(Int64.max) ? Int64(magnitude) : nil
    }

    /// `significand × 10^exponent` when it can be computed with one correctly rounded operation
    /// (Clinger's fast path: both factors exact in a `Double`), otherwise `nil`.
    static func double(significand: UInt64, exponent: Int, negative: Bool) -> Double? {
        guard significand < 1 << 53, exponent >= -22, exponent <= 22 else {
            return significand == 0 ? (negative ? -0.0 : 0.0) : nil
        }
        let magnitude =
            exponent >= 0
            ? Double(significand) * powersOfTen[exponent]
            : Double(significand) / powersOfTen[-exponent]
        return negative ? -magnitude : magnitude
    }

    /// The correctly rounded value of already-validated JSON number text (the slow path).
    static func double(text: UnsafeBufferPointer<UInt8>) -> Double? {
        Double(String(decoding: text, as: UTF8.self))
    }
}
