import Dispatch

/// How much of a puzzle needs planning: its *shortcut depth* (`docs/rules.md` section 7).
///
/// A k-shortcut uses k of the N candidates: the others are collapsed to 0 (two of them give 0 by
/// `x-x`, `x*0` or `x/y` with |x| < |y| of one sign, and `0*z=0` absorbs the rest), and the k
/// reach a value v with T = v (finish `v+0=v`) or T = -v (finish `0-v=-v`); k = 0 needs T = 0, and
/// k = N is an ordinary solution. The depth is the least such k.
public struct ShortcutDepth: Hashable, Sendable {
    /// The least k with a k-shortcut: 0...N-2 or N.
    public var depth: Int
    /// A valid solution realising the depth: the steps of the k candidates, the collapse of the
    /// rest, then the finishing step.
    public var solution: [Step]

    /// Depths 0, 1 and 2 are *shortcut* puzzles, 3 or more *deep* ones.
    public var isShortcut: Bool { depth <= Self.deepestShortcut }

    public static let deepestShortcut = 2

    /// Puzzles with more candidates than this are refused: the search is exponential in N.
    public static let maximumNumbers = 10

    /// The depth of a puzzle and a solution realising it; nil when the puzzle has no solution at all.
    ///
    /// `knownSolution` (a generated puzzle's reference response) spares the search for a full solution
    /// when no shortcut exists; it is used only if it verifies.
    public static func of(_ puzzle: Puzzle, knownSolution: String? = nil) throws(PuzzleError) -> ShortcutDepth? {
        let numbers = puzzle.numbers, target = puzzle.target, count = numbers.count
        guard count <= maximumNumbers else {
            throw .tooLarge("shortcut depth is computed for puzzles of at most \(maximumNumbers) numbers, "
                + "this one has \(count)")
        }
        guard count >= 1 else { return nil }
        let everything = (1 << count) - 1
        if count >= 2, target == 0, let collapse = Collapse.steps(numbers) {
            return ShortcutDepth(depth: 0, solution: collapse)
        }
        var search = ReachSearch(numbers: numbers)
        if count >= 3 {
            for size in 1...(count - 2) {
                for mask in 1..<everything where mask.nonzeroBitCount == size {
                    let rest = (0..<count).filter { mask & (1 << $0) == 0 }.map { numbers[$0] }
                    guard let collapse = Collapse.steps(rest) else { continue }
                    for value in finishingValues(target) {
                        guard search.reachedValue(mask, in: value...value) != nil,
                              let steps = search.derivation(of: value, from: mask) else { continue }
                        let finish = value == target ? Step(value, .add, 0, value) : Step(0, .subtract, value, target)
                        return ShortcutDepth(depth: size, solution: steps + collapse + [finish])
                    }
                }
            }
        }
        if let knownSolution, Verifier.verify(knownSolution, for: puzzle).isValid,
           let steps = StepParser.steps(of: knownSolution, atMost: count) {
            return ShortcutDepth(depth: count, solution: steps)
        }
        guard let steps = search.derivation(of: target, from: everything) else { return nil }
        return ShortcutDepth(depth: count, solution: steps)
    }

    /// v with T = v or T = -v, T first (no -T when it does not fit in 64 bits).
    private static func finishingValues(_ target: Int64) -> [Int64] {
        let (negated, overflow) = Int64(0).subtractingReportingOverflow(target)
        return overflow || negated == target ? [target] : [target, negated]
    }
}

/// Collapsing numbers to 0: two of them give 0 (equal values subtract to 0, a zero multiplies to 0,
/// a smaller magnitude of the same sign divides to 0), then `0*z=0` absorbs every further one.
enum Collapse {
    /// The collapse steps, or nil when these numbers cannot be collapsed (fewer than two, or no such pair:
    /// one positive and one negative number and nothing else).
    static func steps(_ numbers: [Int64]) -> [Step]? {
        guard numbers.count >= 2 else { return nil }
        for i in numbers.indices {
            for j in numbers.indices where j != i {
                guard let first = zeroStep(numbers[i], numbers[j]) else { continue }
                var steps = [first]
                for k in numbers.indices where k != i && k != j {
                    steps.append(Step(0, .multiply, numbers[k], 0))
                }
                return steps
            }
        }
        return nil
    }

    /// `x op y = 0` for this ordered pair, or nil.
    static func zeroStep(_ x: Int64, _ y: Int64) -> Step? {
        if x == y { return Step(x, .subtract, y, 0) }
        if x == 0 || y == 0 { return Step(x, .multiply, y, 0) }
        if case .value(0) = ArithmeticOperator.divide.apply(x, y) { return Step(x, .divide, y, 0) }
        return nil
    }
}

extension ShortcutDepth {
    /// The depths of many puzzles, computed on every core; results in input order.
    public static func analyse(_ puzzles: [Puzzle], knownSolutions: [String?]? = nil)
        -> [Result<ShortcutDepth?, PuzzleError>] {
        precondition(knownSolutions == nil || knownSolutions?.count == puzzles.count, "one known solution per puzzle")
        let results = ResultSlots<Result<ShortcutDepth?, PuzzleError>>(count: puzzles.count)
        DispatchQueue.concurrentPerform(iterations: puzzles.count) { index in
            let known = knownSolutions?[index]
            results.set(index, Result { () throws(PuzzleError) in try of(puzzles[index], knownSolution: known) })
        }
        return results.values
    }
}
