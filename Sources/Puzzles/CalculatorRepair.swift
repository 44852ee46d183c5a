/// Calculator repair (`docs/rules.md` section 7): was the plan right and only the arithmetic wrong?
///
/// The steps are replayed on a pool whose entries carry the value a step showed and the value it
/// really has (candidates: both the same). A step `a op b = c` takes the most recently added entry
/// shown as `a`, then the most recently added other entry shown as `b`, and adds an entry shown as
/// `c` whose true value is true(a) op true(b). A diagnosis, never a score.
public enum CalculatorRepair {
    /// Whether the completion is valid with a calculator: every piece is a step, every operand is
    /// found, no true value overflows or divides by zero, and one entry is left whose true value is
    /// the target. Every valid completion is also valid with a calculator.
    public static func isValid(_ completion: String, for puzzle: Puzzle) -> Bool {
        // N steps are enough to decide: after N-1 steps one entry is left, so an N-th step fails.
        guard let steps = StepParser.steps(of: completion, atMost: max(puzzle.numbers.count, 1)) else { return false }
        var pool = CalculatorPool(puzzle: puzzle)
        for step in steps where !pool.replay(step) { return false }
        return pool.holdsOnly(puzzle.target)
    }
}

/// The pool calculator repair replays steps on: entries in the order they were added, each with the
/// value a step showed and its true value. Shared by `CalculatorRepair` and `CalculatorTracker` so
/// that the whole-text and the incremental diagnosis follow one rule.
struct CalculatorPool: Sendable {
    private struct Entry {
        var shown: Int64
        var value: Int64
    }

    private var entries: [Entry]

    init(puzzle: Puzzle) {
        entries = puzzle.numbers.map { Entry(shown: $0, value: $0) }
    }

    var count: Int { entries.count }

    /// Replays one step; false when an operand is not found or the true value overflows or divides
    /// by zero (the pool is then left as it was).
    mutating func replay(_ step: Step) -> Bool {
        guard let lhs = entries.lastIndex(where: { $0.shown == step.lhs }) else { return false }
        guard let rhs = entries.indices.last(where: { $0 != lhs && entries[$0].shown == step.rhs }) else { return false }
        guard case let .value(value) = step.op.apply(entries[lhs].value, entries[rhs].value) else { return false }
        entries.remove(at: max(lhs, rhs))
        entries.remove(at: min(lhs, rhs))
        entries.append(Entry(shown: step.result, value: value))
        return true
    }

    /// The true values left, in the order they were added.
    var trueValues: [Int64] { entries.map(\.value) }

    /// Whether exactly one entry is left and its true value is `target`.
    func holdsOnly(_ target: Int64) -> Bool {
        entries.count == 1 && entries[0].value == target
    }
}
