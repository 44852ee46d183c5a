/// A JSON number: the nearest `Double`, and the exact value when it was written as an integer
/// (no fraction or exponent) that fits in 64 bits, so that such integers convert without rounding.
public struct JSONNumber: Sendable, Equatable, CustomStringConvertible, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral {
    /// The nearest double to the written value (always finite).
    public let double: Double
    /// The exact value of an integer literal that fits in `Int64`.
    public let exactInteger: Int64?

    public init(_ value: Double) {
        double = value
        exactInteger = nil
    }

    public init(_ value: Int64) {
        double = Double(value)
        exactInteger = value
    }

    public init(integerLiteral value: Int64) {
        self.init(value)
    }

    public init(floatLiteral value: Double) {
        self.init(value)
    }

    /// The value as an `Int` when it is an integer known exactly: an integer literal within
    /// `Int`, or any other number whose value is integral and at most 2^53 in magnitude (so
    /// `1e3` and `2.0` count, as in JSON they are the same number as `1000` and `2`).
    public var integer: Int? {
        if let exactInteger { return Int(exactly: exactInteger) }
        guard double == double.rounded(), abs(double) <= 9_007_199_254_740_992 else { return nil }
        return Int(double)
    }

    /// Equality of the values written (an integer literal beyond 2^53 equals no double it does
    /// not exactly match), so the relation stays transitive.
    public static func == (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        switch (lhs.exactInteger, rhs.exactInteger) {
        case let (a?, b?): a == b
        case let (a?, nil): Double(exactly: a) == rhs.double
        case let (nil, b?): Double(exactly: b) == lhs.double
        case (nil, nil): lhs.double == rhs.double
        }
    }

    public var description: String {
        if let exactInteger { return "\(exactInteger)" }
        return double == double.rounded() && abs(double) < 1e15 ? "\(Int(double))" : "\(double)"
    }
}
