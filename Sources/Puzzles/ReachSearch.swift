/// Which values the numbers of a sub-pool can reach when every one of them is used (k numbers, k-1
/// steps), for the sub-pools of one puzzle, identified by bit masks over its candidates.
///
/// Small sub-pools (up to `materializedSize` numbers) have their reachable values listed, sorted,
/// once. A larger sub-pool is never listed (six numbers reach hundreds of thousands of values): it is
/// asked whether it reaches a value in a range, by trying each split into a small side, whose values
/// are listed, and a large side, asked in turn for the operand range that inverts the last step
/// (`OperandIntervals`). Failed questions are remembered, so a shortcut search over many sub-pools of
/// one puzzle shares its work.
struct ReachSearch {
    private let numbers: [Int64]
    private var listed: [Int: [Int64]] = [:]
    private var failed: Set<Question> = []

    /// Sub-pools of up to this many numbers are listed: four numbers reach a few thousand values at
    /// most, and every split of a puzzle of up to 8 numbers has a side this small.
    private let materializedSize: Int

    private struct Question: Hashable {
        var mask: Int
        var lower: Int64
        var upper: Int64
    }

    init(numbers: [Int64]) {
        precondition(numbers.count < Int.bitWidth - 1, "sub-pools are bit masks")
        self.numbers = numbers
        materializedSize = max(4, numbers.count / 2)
    }

    /// A value of `results` that the sub-pool `mask` reaches, or nil.
    mutating func reachedValue(_ mask: Int, in results: ClosedRange<Int64>) -> Int64? {
        if mask.nonzeroBitCount <= materializedSize {
            let values = reachable(mask)
            let index = Self.firstIndex(in: values, notBelow: results.lowerBound)
            return index < values.count && values[index] <= results.upperBound ? values[index] : nil
        }
        let question = Question(mask: mask, lower: results.lowerBound, upper: results.upperBound)
        if failed.contains(question) { return nil }
        if let (_, _, _, result) = lastStep(mask, results: results) { return result }
        failed.insert(question)
        return nil
    }

    /// Steps that reach `value` from the numbers of `mask`, all of them used; nil when it is unreachable.
    mutating func derivation(of value: Int64, from mask: Int) -> [Step]? {
        if mask.nonzeroBitCount == 1 {
            return numbers[mask.trailingZeroBitCount] == value ? [] : nil
        }
        guard let (split, a, operation, result) = lastStep(mask, results: value...value) else { return nil }
        // b is the operand that gives `result` with a; find it again from the large side.
        let rest = mask & ~split
        var b: Int64?
        let intervals = OperandIntervals.operands(for: operation, a: a, results: result...result)
        for interval in [intervals.0, intervals.1] {
            guard let range = interval?.clamped, let found = reachedValue(rest, in: range) else { continue }
            b = found
            break
        }
        guard let b, let small = derivation(of: a, from: split), let large = derivation(of: b, from: rest) else {
            return nil
        }
        return small + large + [operation.step(a, b, result)]
    }

    /// The last step of some way to reach a value in `results` from `mask`: the small side of the split,
    /// its value, the operation and the result.
    private mutating func lastStep(_ mask: Int, results: ClosedRange<Int64>)
        -> (split: Int, a: Int64, operation: PairOperation, result: Int64)? {
        let size = mask.nonzeroBitCount
        guard size >= 2 else { return nil }
        let lowest = mask & -mask
        // Sub-masks in increasing order, so the first solution found does not depend on anything else.
        for split in ProperSubmasks(of: mask) {
            let smallSize = split.nonzeroBitCount
            // Each unordered split once, from its smaller side (the one with the lowest number on a tie).
            guard smallSize * 2 < size || (smallSize * 2 == size && split & lowest != 0) else { continue }
            let rest = mask & ~split
            for a in reachable(split) {
                for operation in PairOperation.allCases {
                    let intervals = OperandIntervals.operands(for: operation, a: a, results: results)
                    for interval in [intervals.0, intervals.1] {
                        guard let range = interval?.clamped, let b = reachedValue(rest, in: range) else { continue }
                        // The intervals are exact; checking the step again costs nothing and keeps a wrong
                        // bound from ever producing an invalid solution.
                        guard case let .value(result) = operation.apply(a, b), results.contains(result) else {
                            continue
                        }
                        return (split, a, operation, result)
                    }
                }
            }
        }
        return nil
    }

    /// Every value the numbers of a small sub-pool reach, sorted, without repeats.
    private mutating func reachable(_ mask: Int) -> [Int64] {
        if let values = listed[mask] { return values }
        precondition(mask.nonzeroBitCount <= materializedSize, "only small sub-pools are listed")
        var values: [Int64] = []
        if mask.nonzeroBitCount == 1 {
            values = [numbers[mask.trailingZeroBitCount]]
        } else {
            let lowest = mask & -mask
            // Each unordered split once, from the side holding the lowest number.
            for split in ProperSubmasks(of: mask) where split & lowest != 0 {
                let left = reachable(split), right = reachable(mask & ~split)
                for a in left {
                    for b in right {
                        for operation in PairOperation.allCases {
                            if case let .value(result) = operation.apply(a, b) { values.append(result) }
                        }
                    }
                }
            }
            values.sort()
            values = Self.withoutRepeats(values)
        }
        listed[mask] = values
        return values
    }

    private static func withoutRepeats(_ sorted: [Int64]) -> [Int64] {
        var unique: [Int64] = []
        unique.reserveCapacity(sorted.count)
        for value in sorted where unique.last != value { unique.append(value) }
        return unique
    }

    private static func firstIndex(in sorted: [Int64], notBelow value: Int64) -> Int {
        var low = 0, high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
