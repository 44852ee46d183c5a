/// Finds a solution (a sequence of steps using every number once) or proves there is none.
///
/// Depth-first search over the pool: each level combines an unordered pair with one of the six
/// distinct operations (`a+b`, `a*b`, `a-b`, `b-a`, `a/b`, `b/a`), skipping division by zero and
/// results that overflow 64 bits. Pools already shown to fail are remembered by their sorted
/// contents, so permutations of the same sub-problem are searched once. The last step is checked
/// directly against the target.
public enum Solver {
    public static func solve(_ puzzle: Puzzle) -> [Step]? {
        guard !puzzle.numbers.isEmpty else { return nil }
        if puzzle.numbers.count == 1 {
            return puzzle.numbers[0] == puzzle.target ? [] : nil
        }
        var search = Search(target: puzzle.target)
        var steps: [Step] = []
        steps.reserveCapacity(puzzle.numbers.count - 1)
        return search.solve(puzzle.numbers, &steps) ? steps : nil
    }

    private struct Search {
        let target: Int64
        var failedPools: Set<[Int64]> = []

        init(target: Int64) {
            self.target = target
        }

        /// The six distinct ways of combining a and b, as (lhs, op, rhs).
        @inline(__always)
        private static func candidates(_ a: Int64, _ b: Int64) -> [(Int64, ArithmeticOperator, Int64)] {
            [(a, .add, b), (a, .multiply, b), (a, .subtract, b), (b, .subtract, a), (a, .divide, b), (b, .divide, a)]
        }

        mutating func solve(_ pool: [Int64], _ steps: inout [Step]) -> Bool {
            let count = pool.count
            if count == 2 {
                for (lhs, op, rhs) in Self.candidates(pool[0], pool[1]) {
                    if case let .value(result) = op.apply(lhs, rhs), result == target {
                        steps.append(Step(lhs, op, rhs, result))
                        return true
                    }
                }
                return false
            }
            let key = pool.sorted()
            if failedPools.contains(key) { return false }
            var next = [Int64]()
            next.reserveCapacity(count - 1)
            for i in 0..<count {
                for j in (i + 1)..<count {
                    for (lhs, op, rhs) in Self.candidates(pool[i], pool[j]) {
                        guard case let .value(result) = op.apply(lhs, rhs) else { continue }
                        next.removeAll(keepingCapacity: true)
                        for index in 0..<count where index != i && index != j {
                            next.append(pool[index])
                        }
                        next.append(result)
                        steps.append(Step(lhs, op, rhs, result))
                        if solve(next, &steps) { return true }
                        steps.removeLast()
                    }
                }
            }
            failedPools.insert(key)
            return false
        }
    }
}
