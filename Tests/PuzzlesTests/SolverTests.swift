import Puzzles
import Testing

@Suite("Solver")
struct SolverTests {
    @Test("solves the paper's examples with responses that verify")
    func paperExamples() throws {
        for prompt in ["3, 6, 7, 51, 58: 4", "34, 18, 31, 41, 19, 55: -110"] {
            let puzzle = try PromptParser.parse(prompt)
            let steps = try #require(Solver.solve(puzzle))
            #expect(Verifier.verify(steps.responseText, for: puzzle).isValid)
        }
    }

    @Test("solves generated puzzles with 5 to 8 numbers")
    func generated() throws {
        var excluded = Set<PuzzleFingerprint>()
        let distribution = try PuzzleDistribution(counts: [5, 6, 7, 8], range: 1...100)
        let puzzles = try PuzzleGenerator.generateSet(name: "solver", distribution: distribution, countPerN: 10,
                                                      seed: 4, excluding: &excluded)
        for generated in puzzles {
            let steps = try #require(Solver.solve(generated.puzzle))
            #expect(Verifier.verify(steps.responseText, for: generated.puzzle).isValid)
        }
    }

    @Test("proves small puzzles unsolvable, agreeing with brute force")
    func bruteForce() throws {
        var random = SplitMix64(state: 77)
        for _ in 0..<150 {
            let n = 2 + Int(random.uniform(below: 3))
            let numbers = (0..<n).map { _ in random.uniform(in: -4...9) }
            let target = random.uniform(in: -30...60)
            let puzzle = Puzzle(numbers: numbers, target: target)
            let solution = Solver.solve(puzzle)
            #expect((solution != nil) == Self.bruteForceSolvable(numbers, target), "\(puzzle.prompt)")
            if let solution {
                #expect(Verifier.verify(solution.responseText, for: puzzle).isValid)
            }
        }
    }

    @Test("an unsolvable six-number puzzle finishes with no solution")
    func unsolvableSix() {
        // Every value reachable from six odd-sized numbers stays far below this target.
        let puzzle = Puzzle(numbers: [1, 1, 1, 1, 1, 2], target: 1_000_003)
        #expect(Solver.solve(puzzle) == nil)
        let parity = Puzzle(numbers: [2, 4, 6, 8, 10, 12], target: 100_000_007)
        #expect(Solver.solve(parity) == nil)
    }

    /// Every ordered pair and operator, no memo: the definition of solvable.
    static func bruteForceSolvable(_ pool: [Int64], _ target: Int64) -> Bool {
        if pool.count == 1 { return pool[0] == target }
        for i in pool.indices {
            for j in pool.indices where j != i {
                for op in ArithmeticOperator.allCases {
                    guard case let .value(result) = op.apply(pool[i], pool[j]) else { continue }
                    var next = pool.enumerated().filter { $0.offset != i && $0.offset != j }.map(\.element)
                    next.append(result)
                    if bruteForceSolvable(next, target) { return true }
                }
            }
        }
        return false
    }
}

@Suite("Prompt parser")
struct PromptParserTests {
    @Test("reads the paper's prompt")
    func paperPrompt() throws {
        let puzzle = try PromptParser.parse("34, 18, 31, 41, 19, 55: -110")
        #expect(puzzle.numbers == [34, 18, 31, 41, 19, 55])
        #expect(puzzle.target == -110)
        #expect(puzzle.prompt == "34, 18, 31, 41, 19, 55: -110")
    }

    @Test("malformed prompts are errors that say what is wrong", arguments: [
        ("34, 18, 31", "expected ':'"), ("34, x, 31: 5", "number 2 'x' is not an integer"),
        ("34: 5", "at least 2 numbers"), ("34, , 5: 3", "number 2 is empty"), ("3, 4:", "the target is empty"),
        ("3, 4: 99999999999999999999", "does not fit in 64 bits"), ("3, 4: +5", "is not an integer"),
    ])
    func malformed(prompt: String, fragment: String) {
        do {
            _ = try PromptParser.parse(prompt)
            Issue.record("accepted \(prompt)")
        } catch {
            #expect(error.description.contains(fragment), "\(error)")
        }
    }
}
