/// The four operators of the puzzle. Division rounds toward negative infinity (floor), as in Python.
public enum ArithmeticOperator: UInt8, CaseIterable, Sendable, Hashable {
    case add, subtract, multiply, divide

    /// The ASCII character used in prompts and responses.
    public var symbol: Character {
        switch self {
        case .add: "+"
        case .subtract: "-"
        case .multiply: "*"
        case .divide: "/"
        }
    }

    var asciiByte: UInt8 {
        switch self {
        case .add: UInt8(ascii: "+")
        case .subtract: UInt8(ascii: "-")
        case .multiply: UInt8(ascii: "*")
        case .divide: UInt8(ascii: "/")
        }
    }

    init?(asciiByte: UInt8) {
        switch asciiByte {
        case UInt8(ascii: "+"): self = .add
        case UInt8(ascii: "-"): self = .subtract
        case UInt8(ascii: "*"): self = .multiply
        case UInt8(ascii: "/"): self = .divide
        default: return nil
        }
    }

    /// The outcome of applying an operator to two 64-bit values; it never traps.
    public enum Outcome: Equatable, Sendable {
        case value(Int64)
        /// The exact result does not fit in a signed 64-bit integer.
        case overflow
        case divisionByZero
    }

    @inline(__always)
    public func apply(_ lhs: Int64, _ rhs: Int64) -> Outcome {
        switch self {
        case .add:
            let (sum, overflow) = lhs.addingReportingOverflow(rhs)
            return overflow ? .overflow : .value(sum)
        case .subtract:
            let (difference, overflow) = lhs.subtractingReportingOverflow(rhs)
            return overflow ? .overflow : .value(difference)
        case .multiply:
            let (product, overflow) = lhs.multipliedReportingOverflow(by: rhs)
            return overflow ? .overflow : .value(product)
        case .divide:
            if rhs == 0 { return .divisionByZero }
            // Int64.min / -1 is the only quotient that does not fit.
            let (quotient, overflow) = lhs.dividedReportingOverflow(by: rhs)
            if overflow { return .overflow }
            // Truncation rounds toward zero; floor differs when the signs differ and there is a remainder.
            if (lhs % rhs != 0) && ((lhs < 0) != (rhs < 0)) {
                return .value(quotient - 1)
            }
            return .value(quotient)
        }
    }
}
