/// An inclusive range of integers, wide enough that bounds derived from 64-bit values never overflow.
struct WideInterval: Equatable {
    var lower: Int128
    var upper: Int128

    static let all = WideInterval(lower: Int128(Int64.min), upper: Int128(Int64.max))

    /// The part inside Int64, or nil when empty.
    var clamped: ClosedRange<Int64>? {
        let low = max(lower, Int128(Int64.min)), high = min(upper, Int128(Int64.max))
        return low <= high ? Int64(low)...Int64(high) : nil
    }
}

/// For a known operand `a` and an operation, the values of the other operand `b` whose result lies in
/// a target range: the inverse of each operation, exactly, with floor division.
///
/// This turns "is some value of this sub-pool's reachable set an answer" into a range query on a
/// sorted set, so a search for one target never enumerates the large side of a split.
enum OperandIntervals {
    /// The values `b` with `lo <= a op b <= hi` (`b != 0` where `b` divides); nil when there are none.
    /// Division with a negative divisor is split in two intervals, so the result is a pair.
    static func operands(for operation: PairOperation, a: Int64, results: ClosedRange<Int64>)
        -> (WideInterval?, WideInterval?) {
        let a = Int128(a), lo = Int128(results.lowerBound), hi = Int128(results.upperBound)
        switch operation {
        case .sum:
            return (WideInterval(lower: lo - a, upper: hi - a), nil)
        case .aMinusB:
            return (WideInterval(lower: a - hi, upper: a - lo), nil)
        case .bMinusA:
            return (WideInterval(lower: lo + a, upper: hi + a), nil)
        case .product:
            if a == 0 { return (lo <= 0 && 0 <= hi ? .all : nil, nil) }
            if a > 0 { return (nonEmpty(ceilingDivision(lo, a), floorDivision(hi, a)), nil) }
            return (nonEmpty(ceilingDivision(hi, a), floorDivision(lo, a)), nil)
        case .bOverA:
            // floor(b / a) in [lo, hi]  <=>  lo <= b / a < hi + 1.
            if a == 0 { return (nil, nil) }
            if a > 0 { return (nonEmpty(lo * a, (hi + 1) * a - 1), nil) }
            return (nonEmpty((hi + 1) * a + 1, lo * a), nil)
        case .aOverB:
            // floor(a / b) in [lo, hi]: positive divisors directly, negative ones as floor(-a / c), c = -b.
            let positive = positiveDivisors(dividend: a, lo: lo, hi: hi)
            let negated = positiveDivisors(dividend: -a, lo: lo, hi: hi)
                .map { WideInterval(lower: -$0.upper, upper: -$0.lower) }
            return (positive, negated)
        }
    }

    /// The divisors `b >= 1` with `lo <= floor(dividend / b) <= hi`, i.e. `lo * b <= dividend < (hi + 1) * b`.
    private static func positiveDivisors(dividend a: Int128, lo: Int128, hi: Int128) -> WideInterval? {
        var lower: Int128 = 1, upper = Int128(Int64.max)
        // lo * b <= a
        if lo > 0 {
            upper = min(upper, floorDivision(a, lo))
        } else if lo == 0 {
            if a < 0 { return nil }
        } else {
            lower = max(lower, ceilingDivision(a, lo))
        }
        // a < (hi + 1) * b
        let next = hi + 1
        if next > 0 {
            lower = max(lower, floorDivision(a, next) + 1)
        } else if next == 0 {
            if a >= 0 { return nil }
        } else {
            upper = min(upper, ceilingDivision(a, next) - 1)
        }
        return nonEmpty(lower, upper)
    }

    private static func nonEmpty(_ lower: Int128, _ upper: Int128) -> WideInterval? {
        lower <= upper ? WideInterval(lower: lower, upper: upper) : nil
    }

    static func floorDivision(_ a: Int128, _ b: Int128) -> Int128 {
        let quotient = a / b
        return (a % b != 0) && ((a < 0) != (b < 0)) ? quotient - 1 : quotient
    }

    static func ceilingDivision(_ a: Int128, _ b: Int128) -> Int128 {
        let quotient = a / b
        return (a % b != 0) && ((a < 0) == (b < 0)) ? quotient + 1 : quotient
    }
}
