/// Draws puzzles by the forward procedure of `docs/rules.md` section 4.
///
/// The drawer reuses its buffers, so drawing a puzzle allocates nothing; values are read from
/// `numbers`/`steps` right after a successful draw.
struct PuzzleDrawer {
    private(set) var numbers: [Int64] = []
    private(set) var steps: [Step] = []
    private var pool: [Int64] = []

    init() {
        numbers.reserveCapacity(16)
        steps.reserveCapacity(16)
        pool.reserveCapacity(16)
    }

    private static let operators = ArithmeticOperator.allCases

    /// Draws one puzzle with `n` candidates; false when a value overflowed (the draw is discarded).
    mutating func draw(n: Int, range: ClosedRange<Int64>, using random: inout SplitMix64) -> Bool {
        numbers.removeAll(keepingCapacity: true)
        steps.removeAll(keepingCapacity: true)
        // Sampling without replacement: redraw values already taken, keeping the order drawn.
        while numbers.count < n {
            let value = random.uniform(in: range)
            if !numbers.contains(value) {
                numbers.append(value)
            }
        }
        pool.removeAll(keepingCapacity: true)
        pool.append(contentsOf: numbers)
        for _ in 1..<n {
            let count = UInt64(pool.count)
            let i = Int(random.uniform(below: count))
            var j = Int(random.uniform(below: count - 1))
            if j >= i { j += 1 }
            let lhs = pool[i]
            let rhs = pool[j]
            var op: ArithmeticOperator
            repeat {
                op = Self.operators[Int(random.uniform(below: 4))]
            } while op == .divide && rhs == 0
            guard case let .value(result) = op.apply(lhs, rhs) else {
                return false
            }
            pool.remove(at: max(i, j))
            pool.remove(at: min(i, j))
            pool.append(result)
            steps.append(Step(lhs, op, rhs, result))
        }
        return true
    }

    var target: Int64 { steps.last?.result ?? numbers[0] }

    var fingerprint: PuzzleFingerprint {
        numbers.withUnsafeBufferPointer { PuzzleFingerprint(numbers: $0, target: target) }
    }

    var generatedPuzzle: GeneratedPuzzle {
        GeneratedPuzzle(puzzle: Puzzle(numbers: numbers, target: target), steps: steps)
    }

    /// The drawn puzzle's shortcut depth (its steps spare the search for a full solution).
    func shortcutDepth() throws(PuzzleError) -> Int {
        let puzzle = Puzzle(numbers: numbers, target: target)
        return try ShortcutDepth.of(puzzle, knownSolution: steps.responseText)?.depth ?? numbers.count
    }
}

/// Generates named puzzle sets (fixed count per N) and training streams, deterministically.
public enum PuzzleGenerator {
    /// Draws a stream discards at most this many puzzles in a row before giving up: a distribution
    /// with too few distinct puzzles must end in an error, not a hang.
    static let maximumDiscardsPerItem = 100_000

    /// One set: for each N in `distribution.counts`, `countPerN` puzzles; item k of N is drawn from the
    /// stream of (seed, name, N, k), which moves on past overflowing draws and keys already in
    /// `excluded` (earlier sets, earlier items). Accepted keys are added to `excluded`.
    package static func generateSet(
        name: String,
        distribution: PuzzleDistribution,
        countPerN: Int,
        seed: UInt64,
        minimumDepth: Int = 0,
        excluding excluded: inout Set<PuzzleFingerprint>
    ) throws(PuzzleError) -> [GeneratedPuzzle] {
        try checkMinimumDepth(minimumDepth, distribution: distribution)
        var drawer = PuzzleDrawer()
        var puzzles: [GeneratedPuzzle] = []
        puzzles.reserveCapacity(countPerN * distribution.counts.count)
        for n in distribution.counts {
            for index in 0..<countPerN {
                var random = PuzzleStream.generator(seed: seed, setName: name, count: n, index: UInt64(index))
                try drawAccepted(n: n, range: distribution.range, random: &random, drawer: &drawer, excluded: &excluded,
                                 minimumDepth: minimumDepth, context: "set \(name), N=\(n), item \(index)")
                puzzles.append(drawer.generatedPuzzle)
            }
        }
        return puzzles
    }

    /// A minimum shortcut depth above the smallest N could never be met by puzzles of that N (a
    /// generated puzzle's depth is at most N), so it is refused instead of discarding draws forever.
    static func checkMinimumDepth(_ minimumDepth: Int, distribution: PuzzleDistribution) throws(PuzzleError) {
        guard minimumDepth >= 0 else { throw .invalidDistribution("the minimum depth \(minimumDepth) is negative") }
        if let smallest = distribution.counts.min(), minimumDepth > smallest {
            throw .invalidDistribution("no puzzle with N=\(smallest) has a shortcut depth above \(smallest); "
                + "choose a minimum depth of at most \(smallest) or larger counts")
        }
        if minimumDepth > 0, let largest = distribution.counts.max(), largest > ShortcutDepth.maximumNumbers {
            throw .invalidDistribution("shortcut depth is computed for puzzles of at most "
                + "\(ShortcutDepth.maximumNumbers) numbers, the distribution has N=\(largest)")
        }
    }

    static func drawAccepted(
        n: Int, range: ClosedRange<Int64>, random: inout SplitMix64, drawer: inout PuzzleDrawer,
        excluded: inout Set<PuzzleFingerprint>, minimumDepth: Int = 0, context: @autoclosure () -> String
    ) throws(PuzzleError) {
        var discards = 0
        while true {
            // A draw below the minimum depth is discarded like an overflowing one: the stream moves on.
            if drawer.draw(n: n, range: range, using: &random), !excluded.contains(drawer.fingerprint) {
                let deepEnough = minimumDepth == 0 ? true : try drawer.shortcutDepth() >= minimumDepth
                if deepEnough {
                    excluded.insert(drawer.fingerprint)
                    return
                }
            }
            discards += 1
            if discards >= maximumDiscardsPerItem {
                throw .exhausted("\(context()): \(discards) draws in a row overflowed, repeated a puzzle "
                    + "already taken or fell below the minimum depth; the distribution (N=\(n), \(range.lowerBound)...\(range.upperBound)) "
                    + "has too few distinct puzzles")
            }
        }
    }
}

/// The training stream: item k draws N uniformly from the distribution's counts, then a puzzle, from
/// the stream of (seed, set name, 0, k). Keys repeat neither within the stream nor from `excluded`
/// (the test sets).
package struct TrainingStream {
    package let distribution: PuzzleDistribution
    package let seed: UInt64
    package let setName: String
    private let setNameHash: UInt64
    private var excluded: Set<PuzzleFingerprint>
    private var drawer = PuzzleDrawer()
    package private(set) var nextIndex: UInt64 = 0

    /// Draws whose shortcut depth is below this are discarded (0: keep every draw).
    package let minimumDepth: Int

    package init(distribution: PuzzleDistribution, seed: UInt64, setName: String = "train", minimumDepth: Int = 0,
                excluding excluded: Set<PuzzleFingerprint>) throws(PuzzleError) {
        try PuzzleGenerator.checkMinimumDepth(minimumDepth, distribution: distribution)
        self.minimumDepth = minimumDepth
        self.distribution = distribution
        self.seed = seed
        self.setName = setName
        setNameHash = PuzzleStream.fnv1a(setName)
        self.excluded = excluded
    }

    /// Reserves room for `count` more keys so that a long run does not rehash repeatedly.
    package mutating func reserveCapacity(_ count: Int) {
        excluded.reserveCapacity(excluded.count + count)
    }

    /// Draws the next item and hands its index, candidates, target and steps to `body` without copying
    /// them into a `GeneratedPuzzle` (the fast path for writing training data).
    package mutating func withNext<R>(
        _ body: (_ index: UInt64, _ numbers: [Int64], _ target: Int64, _ steps: [Step]) throws -> R
    ) throws -> R {
        let index = try drawNext()
        return try body(index, drawer.numbers, drawer.target, drawer.steps)
    }

    package mutating func next() throws(PuzzleError) -> GeneratedPuzzle {
        _ = try drawNext()
        return drawer.generatedPuzzle
    }

    private mutating func drawNext() throws(PuzzleError) -> UInt64 {
        let index = nextIndex
        var random = PuzzleStream.generator(seed: seed, setNameHash: setNameHash, count: 0, index: index)
        let counts = distribution.counts
        let n = counts[Int(random.uniform(below: UInt64(counts.count)))]
        try PuzzleGenerator.drawAccepted(n: n, range: distribution.range, random: &random, drawer: &drawer,
                                         excluded: &excluded, minimumDepth: minimumDepth,
                                         context: "\(setName) item \(index)")
        nextIndex += 1
        return index
    }
}
