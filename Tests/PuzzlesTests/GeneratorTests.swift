import Puzzles
import Testing

@Suite("Generator")
struct GeneratorTests {
    private let inDomain = try! PuzzleDistribution(counts: [5, 6, 7], range: 1...60)

    private func set(_ name: String, seed: UInt64, count: Int = 200) throws -> [GeneratedPuzzle] {
        var excluded = Set<PuzzleFingerprint>()
        return try PuzzleGenerator.generateSet(name: name, distribution: inDomain, countPerN: count, seed: seed,
                                               excluding: &excluded)
    }

    @Test("the same seed gives the same puzzles; another seed or name gives other puzzles")
    func determinism() throws {
        let a = try set("in-domain", seed: 1)
        #expect(a == (try set("in-domain", seed: 1)))
        let b = try set("in-domain", seed: 2)
        let c = try set("other", seed: 1)
        #expect(Set(a.map(\.puzzle)).isDisjoint(with: b.map(\.puzzle)))
        #expect(Set(a.map(\.puzzle)).isDisjoint(with: c.map(\.puzzle)))
    }

    @Test("neighbouring seeds are not shifted copies of each other")
    func noShiftedCopies() throws {
        let a = try set("in-domain", seed: 41)
        let b = try set("in-domain", seed: 42)
        for k in 0..<(a.count - 1) {
            #expect(a[k + 1].puzzle != b[k].puzzle)
        }
    }

    @Test("the stream is pinned: a golden prefix guards against silent changes of the procedure")
    func goldenStream() throws {
        var random = PuzzleStream.generator(seed: 2_406_02100, setName: "in-domain", count: 5, index: 0)
        let first = (0..<3).map { _ in random.next() }
        var again = PuzzleStream.generator(seed: 2_406_02100, setName: "in-domain", count: 5, index: 0)
        #expect(first == (0..<3).map { _ in again.next() })
        var splitmix = SplitMix64(state: 0)
        // SplitMix64's published first outputs for state 0.
        #expect(splitmix.next() == 0xE220_A839_7B1D_CDAF)
        #expect(splitmix.next() == 0x6E78_9E6A_A1B9_65F4)
    }

    @Test("puzzles follow the distribution: distinct numbers in range, N-1 steps, keys unique")
    func shape() throws {
        let puzzles = try set("in-domain", seed: 5, count: 500)
        #expect(puzzles.count == 1500)
        #expect(Set(puzzles.map(\.puzzle.canonicalKey)).count == puzzles.count)
        for (index, generated) in puzzles.enumerated() {
            let numbers = generated.puzzle.numbers
            #expect(numbers.count == [5, 6, 7][index / 500])
            #expect(Set(numbers).count == numbers.count)
            #expect(numbers.allSatisfy { (1...60).contains($0) })
            #expect(generated.steps.count == numbers.count - 1)
            #expect(generated.steps.last?.result == generated.puzzle.target)
        }
    }

    @Test("numbers, positions and operators are drawn uniformly (loose statistical bounds)")
    func uniformity() throws {
        let puzzles = try set("uniformity", seed: 11, count: 2000)
        var operatorCounts: [ArithmeticOperator: Int] = [:]
        var valueCounts = [Int](repeating: 0, count: 61)
        for generated in puzzles {
            for step in generated.steps { operatorCounts[step.op, default: 0] += 1 }
            for value in generated.puzzle.numbers { valueCounts[Int(value)] += 1 }
        }
        let steps = operatorCounts.values.reduce(0, +)
        for op in ArithmeticOperator.allCases {
            let share = Double(operatorCounts[op, default: 0]) / Double(steps)
            #expect(abs(share - 0.25) < 0.02, "\(op): \(share)")
        }
        let values = valueCounts.dropFirst()
        let mean = Double(values.reduce(0, +)) / 60
        #expect(values.allSatisfy { abs(Double($0) - mean) < mean * 0.2 })
    }

    @Test("excluded keys never appear, and the training stream never repeats a key")
    func exclusion() throws {
        let test = try set("in-domain", seed: 3, count: 300)
        let excluded = Set(test.map { PuzzleFingerprint($0.puzzle) })
        // A tiny range makes collisions with the excluded set frequent.
        let small = try PuzzleDistribution(counts: [3, 4], range: 1...9)
        var smallExcluded = Set<PuzzleFingerprint>()
        let smallTest = try PuzzleGenerator.generateSet(name: "t", distribution: small, countPerN: 20, seed: 1,
                                                        excluding: &smallExcluded)
        var stream = try TrainingStream(distribution: small, seed: 9, excluding: smallExcluded)
        var seen = Set<Puzzle.CanonicalKey>()
        for _ in 0..<200 {
            let next = try stream.next()
            #expect(seen.insert(next.puzzle.canonicalKey).inserted)
            #expect(!smallTest.contains { $0.puzzle.canonicalKey == next.puzzle.canonicalKey })
        }
        var big = try TrainingStream(distribution: inDomain, seed: 3, setName: "in-domain", excluding: excluded)
        for _ in 0..<1000 {
            #expect(!excluded.contains(PuzzleFingerprint(try big.next().puzzle)))
        }
    }

    @Test("a distribution with too few distinct puzzles ends in an error, not a hang")
    func exhaustion() throws {
        let tiny = try PuzzleDistribution(counts: [2], range: 1...2)
        var excluded = Set<PuzzleFingerprint>()
        #expect(throws: PuzzleError.self) {
            _ = try PuzzleGenerator.generateSet(name: "tiny", distribution: tiny, countPerN: 50, seed: 1,
                                                excluding: &excluded)
        }
        #expect(throws: PuzzleError.self) { _ = try PuzzleDistribution(counts: [5], range: 1...3) }
        #expect(throws: PuzzleError.self) { _ = try PuzzleDistribution(counts: [1], range: 1...30) }
    }

    @Test("overflowing draws are discarded: wide ranges still give verifiable puzzles")
    func overflowDiscarded() throws {
        let huge = try PuzzleDistribution(counts: [8], range: 1_000_000_000...4_000_000_000)
        var excluded = Set<PuzzleFingerprint>()
        let puzzles = try PuzzleGenerator.generateSet(name: "huge", distribution: huge, countPerN: 100, seed: 1,
                                                      excluding: &excluded)
        for generated in puzzles {
            #expect(Verifier.verify(generated.response, for: generated.puzzle).isValid)
        }
    }

    @Test("JSONL records hold the spec's fields in a fixed order")
    func recordFormat() throws {
        var writer = PuzzleRecordWriter()
        let puzzle = GeneratedPuzzle(
            puzzle: Puzzle(numbers: [34, 18, 31, 41, 19, 55], target: -110),
            steps: [Step(31, .subtract, 34, -3), Step(19, .add, 41, 60), Step(60, .divide, -3, -20),
                    Step(-20, .divide, 18, -2), Step(-2, .multiply, 55, -110)])
        writer.append(id: "in-domain-6-0000", set: "in-domain", puzzle: puzzle)
        #expect(String(decoding: writer.bytes, as: UTF8.self) == """
            {"id":"in-domain-6-0000","set":"in-domain","n":6,"numbers":[34,18,31,41,19,55],"target":-110,\
            "prompt":"34, 18, 31, 41, 19, 55: -110","response":"31-34=-3, 19+41=60, 60/-3=-20, -20/18=-2, -2*55=-110"}

            """)
    }
}
