import Puzzles
import Testing

@Suite("Shortcut depth")
struct ShortcutDepthTests {
    @Test("hand-made puzzles: depth and solution", arguments: [
        ("3, 40, 17: 0", 0, "3/40=0, 0*17=0"),
        ("3, 3: 0", 0, "3-3=0"),
        ("0, -7: 0", 0, "0*-7=0"),
        ("5, 7, 2: 5", 1, "2/7=0, 5+0=5"),
        ("-5, -5, 9: 9", 1, "-5--5=0, 9+0=9"),
        ("9, 20, 30: -9", 1, "20/30=0, 0-9=-9"),
        ("6, 4, 50, 51: 10", 2, "6+4=10, 50/51=0, 10+0=10"),
        ("2, 3: 5", 2, "2+3=5"),
        ("4, -3, 1: 1", 3, nil),
        ("3, 6, 7, 51, 58: 4", 2, "7-3=4, 6/51=0, 0*58=0, 4+0=4"),
    ] as [(String, Int, String?)])
    func handMade(prompt: String, depth: Int, solution: String?) throws {
        let puzzle = try PromptParser.parse(prompt)
        let found = try #require(try ShortcutDepth.of(puzzle))
        #expect(found.depth == depth, "\(prompt)")
        #expect(Verifier.verify(found.solution.responseText, for: puzzle).isValid, "\(found.solution.responseText)")
        if let solution {
            #expect(found.solution.responseText == solution)
        }
        #expect(found.isShortcut == (depth <= 2))
    }

    @Test("unsolvable puzzles have no depth")
    func unsolvable() throws {
        #expect(try ShortcutDepth.of(Puzzle(numbers: [2, 3], target: 7)) == nil)
        #expect(try ShortcutDepth.of(Puzzle(numbers: [4, -3, 1], target: 1000)) == nil)
    }

    @Test("more numbers than the search supports is an error, not a hang")
    func tooLarge() {
        let puzzle = Puzzle(numbers: Array(1...11), target: 3)
        #expect(throws: PuzzleError.self) { try ShortcutDepth.of(puzzle) }
    }

    @Test("a valid known solution gives the same depth; an invalid one is ignored")
    func knownSolution() throws {
        let deep = try PromptParser.parse("34, 18, 31, 41, 19, 55: -110")
        let searched = try #require(try ShortcutDepth.of(deep))
        let reference = "31-34=-3, 19+41=60, 60/-3=-20, -20/18=-2, -2*55=-110"
        let known = try #require(try ShortcutDepth.of(deep, knownSolution: reference))
        #expect(known.depth == searched.depth)
        if searched.depth == 6 { #expect(known.solution.responseText == reference) }
        let ignored = try #require(try ShortcutDepth.of(deep, knownSolution: "31-34=-3"))
        #expect(ignored == searched)
    }

    @Test("equals an independent brute force on random puzzles with N from 2 to 6")
    func bruteForceSmall() throws {
        var random = SplitMix64(state: 20_241_130)
        for round in 0..<2_500 {
            let n = 2 + Int(random.uniform(below: 5))
            let range: ClosedRange<Int64> = [-6...6, -3...12, 0...9, 1...60, -40...40][round % 5]
            try check(randomPuzzle(n: n, range: range, random: &random))
        }
    }

    @Test("equals an independent brute force on random puzzles with N of 7 and 8")
    func bruteForceLarge() throws {
        var random = SplitMix64(state: 8)
        for round in 0..<60 {
            let n = 7 + round % 2
            let range: ClosedRange<Int64> = [-4...4, 1...9, -2...7][round % 3]
            try check(randomPuzzle(n: n, range: range, random: &random))
        }
    }

    /// Candidates drawn with repeats allowed; the target is either random or reached by random steps
    /// (like the generator), so that deep puzzles appear too.
    private func randomPuzzle(n: Int, range: ClosedRange<Int64>, random: inout SplitMix64) -> Puzzle {
        let numbers = (0..<n).map { _ in random.uniform(in: range) }
        if random.uniform(below: 3) == 0 {
            return Puzzle(numbers: numbers, target: random.uniform(in: -50...50))
        }
        var pool = numbers
        while pool.count > 1 {
            let i = Int(random.uniform(below: UInt64(pool.count)))
            var j = Int(random.uniform(below: UInt64(pool.count - 1)))
            if j >= i { j += 1 }
            let op = ArithmeticOperator.allCases[Int(random.uniform(below: 4))]
            let value: Int64
            if case let .value(result) = op.apply(pool[i], pool[j]) { value = result } else { value = pool[i] }
            pool.remove(at: max(i, j))
            pool.remove(at: min(i, j))
            pool.append(value)
        }
        return Puzzle(numbers: numbers, target: pool[0])
    }

    private func check(_ puzzle: Puzzle) throws {
        let expected = BruteForceDepth.depth(puzzle)
        let found = try ShortcutDepth.of(puzzle)
        #expect(found?.depth == expected, "\(puzzle.prompt)")
        guard let found else { return }
        #expect(Verifier.verify(found.solution.responseText, for: puzzle).isValid,
                "\(puzzle.prompt) -> \(found.solution.responseText)")
        if found.depth < puzzle.numbers.count, found.depth > 0, let last = found.solution.last {
            // The finishing step: v+0=v or 0-v=-v.
            #expect((last.op == .add && last.rhs == 0) || (last.op == .subtract && last.lhs == 0),
                    "\(puzzle.prompt) -> \(found.solution.responseText)")
        }
    }
}

/// Section 7 read literally, written without any of the search's ideas: every sub-multiset in order
/// of size, a collapse checked on every ordered pair, reachability by plain depth-first search.
private enum BruteForceDepth {
    static func depth(_ puzzle: Puzzle) -> Int? {
        let numbers = puzzle.numbers, target = puzzle.target, n = numbers.count
        if n >= 2, target == 0, collapsible(numbers) { return 0 }
        if n >= 3 {
            for k in 1...(n - 2) {
                for chosen in subsets(of: n, size: k) {
                    let inside = chosen.map { numbers[$0] }
                    let outside = (0..<n).filter { !chosen.contains($0) }.map { numbers[$0] }
                    guard collapsible(outside) else { continue }
                    var failed: Set<[Int64]> = []
                    if reaches(inside, target, &failed) { return k }
                    let (negated, overflow) = Int64(0).subtractingReportingOverflow(target)
                    failed = []
                    if !overflow, reaches(inside, negated, &failed) { return k }
                }
            }
        }
        var failed: Set<[Int64]> = []
        return reaches(numbers, target, &failed) ? n : nil
    }

    static func collapsible(_ values: [Int64]) -> Bool {
        guard values.count >= 2 else { return false }
        for i in values.indices {
            for j in values.indices where i != j {
                for op in [ArithmeticOperator.subtract, .multiply, .divide] {
                    if case .value(0) = op.apply(values[i], values[j]) { return true }
                }
            }
        }
        return false
    }

    static func reaches(_ pool: [Int64], _ target: Int64, _ failed: inout Set<[Int64]>) -> Bool {
        if pool.count == 1 { return pool[0] == target }
        let key = pool.sorted()
        if failed.contains(key) { return false }
        for i in pool.indices {
            for j in pool.indices where i != j {
                for op in ArithmeticOperator.allCases {
                    guard case let .value(result) = op.apply(pool[i], pool[j]) else { continue }
                    var next = pool
                    next.remove(at: max(i, j))
                    next.remove(at: min(i, j))
                    next.append(result)
                    if reaches(next, target, &failed) { return true }
                }
            }
        }
        failed.insert(key)
        return false
    }

    static func subsets(of n: Int, size: Int) -> [[Int]] {
        if size == 0 { return [[]] }
        if n < size { return [] }
        return subsets(of: n - 1, size: size) + subsets(of: n - 1, size: size - 1).map { $0 + [n - 1] }
    }
}

@Suite("Generating shortcut-free puzzles")
struct MinimumDepthGenerationTests {
    @Test("a minimum depth keeps only deep puzzles, deterministically, and moves the stream on")
    func minimumDepth() throws {
        let distribution = try PuzzleDistribution(counts: [5, 6], range: 1...60)
        func generate(_ minimumDepth: Int) throws -> [GeneratedPuzzle] {
            var excluded = Set<PuzzleFingerprint>()
            return try PuzzleGenerator.generateSet(name: "custom", distribution: distribution, countPerN: 40, seed: 11,
                                                   minimumDepth: minimumDepth, excluding: &excluded)
        }
        let deep = try generate(3)
        #expect(try generate(3) == deep)
        for puzzle in deep {
            #expect(try #require(try ShortcutDepth.of(puzzle.puzzle)).depth >= 3)
        }
        // Items whose first draw was already deep are the same as without the filter.
        let all = try generate(0)
        let unchanged = zip(all, deep).filter { $0.0 == $0.1 }
        #expect(!unchanged.isEmpty && unchanged.count < all.count)
        for (plain, _) in unchanged { #expect(try #require(try ShortcutDepth.of(plain.puzzle)).depth >= 3) }
    }

    @Test("training streams filter too; an impossible minimum is refused")
    func trainingStream() throws {
        let training = try PuzzleDistribution(counts: [5, 6, 7], range: 1...60)
        var stream = try TrainingStream(distribution: training, seed: 3, minimumDepth: 4, excluding: [])
        for _ in 0..<30 {
            let puzzle = try stream.next()
            #expect(try #require(try ShortcutDepth.of(puzzle.puzzle)).depth >= 4)
        }
        #expect(throws: PuzzleError.self) { try TrainingStream(distribution: training, seed: 3, minimumDepth: 6, excluding: []) }
        #expect(throws: PuzzleError.self) { try TrainingStream(distribution: training, seed: 3, minimumDepth: -1, excluding: []) }
    }
}
