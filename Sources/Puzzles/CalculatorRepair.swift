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
        return replay(steps, puzzle: puzzle)
    }

    private struct Entry {
        var shown: Int64
        var value: Int64
    }

    private static func replay(_ steps: [Step], puzzle: Puzzle) -> Bool {
        var pool = puzzle.numbers.map { Entry(shown: $0, value: $0) }
        for step in steps {
            guard let lhs = pool.lastIndex(where: { $0.shown == step.lhs }) else { return false }
            guard let rhs = pool.indices.last(where: { $0 != lhs && pool[$0].shown == step.rhs }) else { return false }
            guard case let .value(value) = step.op.apply(pool[lhs].value, pool[rhs].value) else { return false }
            pool.remove(at: max(lhs, rhs))
            pool.remove(at: min(lhs, rhs))
            pool.append(Entry(shown: step.result, value: value))
        }
        return pool.count == 1 && pool[0].value == puzzle.target
    }
}
