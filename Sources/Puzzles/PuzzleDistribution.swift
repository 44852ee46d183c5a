/// What a puzzle is drawn from: the candidate counts N and the inclusive value range.
package struct PuzzleDistribution: Hashable, Sendable, CustomStringConvertible {
    package var counts: [Int]
    package var range: ClosedRange<Int64>

    /// Checks that distinct candidates can be drawn: every N is at least 2 and fits in the range.
    package init(counts: [Int], range: ClosedRange<Int64>) throws(PuzzleError) {
        if let problem = Self.problem(counts: counts, range: range) {
            throw .invalidDistribution(problem)
        }
        self.counts = counts
        self.range = range
    }

    /// For the project's own fixed distributions, which are valid by construction.
    package init(fixedCounts counts: [Int], range: ClosedRange<Int64>) {
        precondition(Self.problem(counts: counts, range: range) == nil, "invalid built-in distribution")
        self.counts = counts
        self.range = range
    }

    private static func problem(counts: [Int], range: ClosedRange<Int64>) -> String? {
        guard !counts.isEmpty else {
            return "no candidate counts given"
        }
        let span = UInt64(bitPattern: range.upperBound &- range.lowerBound)
        for n in counts {
            guard n >= 2 else {
                return "a puzzle needs at least 2 numbers, got N=\(n)"
            }
            guard n <= 64 else {
                return "N=\(n) is larger than the supported 64 numbers per puzzle"
            }
            guard span == UInt64.max || UInt64(n) <= span &+ 1 else {
                return "N=\(n) distinct numbers cannot be drawn from \(range.lowerBound)...\(range.upperBound)"
            }
        }
        guard Set(counts).count == counts.count else {
            return "candidate counts repeat: \(counts)"
        }
        return nil
    }

    package var description: String {
        "N in {\(counts.map(String.init).joined(separator: ", "))}, numbers \(range.lowerBound)...\(range.upperBound)"
    }
}
