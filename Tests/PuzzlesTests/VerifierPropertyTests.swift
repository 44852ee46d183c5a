import Puzzles
import Testing

@Suite("Verifier properties on generated puzzles")
struct VerifierPropertyTests {
    private static func samplePuzzles() throws -> [GeneratedPuzzle] {
        var excluded = Set<PuzzleFingerprint>()
        let wide = try PuzzleDistribution(counts: [2, 3, 5, 6, 7, 8], range: -50...1000)
        return try PuzzleGenerator.generateSet(name: "property", distribution: wide, countPerN: 300, seed: 7,
                                               excluding: &excluded)
    }

    private func text(_ steps: [Step]) -> String { steps.responseText }

    @Test("every generated reference response verifies")
    func referencesVerify() throws {
        for generated in try Self.samplePuzzles() {
            #expect(Verifier.verify(generated.response, for: generated.puzzle).isValid, "\(generated.puzzle.prompt)")
        }
    }

    @Test("perturbations give the code the rules predict")
    func perturbations() throws {
        var random = SplitMix64(state: 99)
        for generated in try Self.samplePuzzles() {
            let puzzle = generated.puzzle
            let steps = generated.steps
            let k = Int(random.uniform(below: UInt64(steps.count)))

            // A stated result off by one: the arithmetic check fails at that step.
            var wrongResult = steps
            wrongResult[k].result = wrongResult[k].result &+ 1
            #expect(Verifier.verify(text(wrongResult), for: puzzle).failure == .arithmetic)

            // An operand that is nowhere in the pool.
            var foreign = steps
            foreign[0].lhs = puzzle.numbers.max()! &+ Int64(1_000_000_007)
            #expect(Verifier.verify(text(foreign), for: puzzle).failure == .operand)

            // Dropping the last step leaves two numbers.
            #expect(Verifier.verify(text(Array(steps.dropLast())), for: puzzle).failure
                    == (steps.count == 1 ? .format : .incomplete))

            // Any other drop, a repeated step and a swapped operator: the independent reference decides.
            var dropped = steps
            dropped.remove(at: k)
            var repeated = steps
            repeated.insert(steps[k], at: k + 1)
            var swapped = steps
            let others = ArithmeticOperator.allCases.filter { $0 != steps[k].op }
            swapped[k].op = others[Int(random.uniform(below: 3))]
            for variant in [dropped, repeated, swapped] {
                let completion = text(variant)
                let expected = ReferenceVerifier.verify(completion, numbers: puzzle.numbers, target: puzzle.target)
                #expect(Verifier.verify(completion, for: puzzle).failure == expected, "\(puzzle.prompt) | \(completion)")
            }
            // A repeated step can only succeed if both operands occur twice, which never happens here
            // with distinct candidates and the repeat placed right after the original.
            #expect(!Verifier.verify(text(repeated), for: puzzle).isValid)
            let swappedOutcome = swapped[k].op.apply(swapped[k].lhs, swapped[k].rhs)
            let expectedSwap: VerificationFailure? = switch swappedOutcome {
            case .overflow: .overflow
            case .divisionByZero: .arithmetic
            case let .value(v): v == steps[k].result ? nil : .arithmetic
            }
            #expect(Verifier.verify(text(swapped), for: puzzle).failure == expectedSwap)
        }
    }
}

@Suite("Verifier against hostile input")
struct VerifierFuzzTests {
    private static let alphabet: [String] = [
        "0", "1", "7", "9", "-", "+", "*", "/", "=", ",", " ", "\t", "\r", "\n", "x", "(", ")", "\u{2212}",
        "\u{00D7}", "\u{00F7}", "\u{FF10}", "é", "🙂", "\0", "__import__('os').system('touch /tmp/pwned')",
        "99999999999999999999", "-9223372036854775808", "9223372036854775807", ", ", "=-", "\\", "\"",
    ]

    @Test("100,000 random and hostile strings each get the same verdict as the reference, without a trap")
    func randomStrings() throws {
        var random = SplitMix64(state: 2024)
        let puzzle = Puzzle(numbers: [3, 6, 7, 51, 58], target: 4)
        let valid = "58-51=7, 6-7=-1, 3*-1=-3, -3+7=4"
        for round in 0..<100_000 {
            var text: String
            switch round % 4 {
            case 0:
                // Random tokens from a hostile alphabet.
                text = ""
                for _ in 0..<Int(random.uniform(below: 24)) {
                    text += Self.alphabet[Int(random.uniform(below: UInt64(Self.alphabet.count)))]
                }
            case 1:
                // A valid answer with one character changed, inserted or removed.
                var chars = Array(valid)
                let position = Int(random.uniform(below: UInt64(chars.count)))
                let token = Self.alphabet[Int(random.uniform(below: 20))].first!
                switch random.uniform(below: 3) {
                case 0: chars[position] = token
                case 1: chars.insert(token, at: position)
                default: chars.remove(at: position)
                }
                text = String(chars)
            case 2:
                // Random bytes, decoded leniently (invalid UTF-8 becomes U+FFFD).
                let bytes = (0..<Int(random.uniform(below: 40))).map { _ in UInt8(truncatingIfNeeded: random.next()) }
                text = String(decoding: bytes, as: UTF8.self)
            default:
                text = String(valid.prefix(Int(random.uniform(below: UInt64(valid.count + 1)))))
            }
            let expected = ReferenceVerifier.verify(text, numbers: puzzle.numbers, target: puzzle.target)
            #expect(Verifier.verify(text, for: puzzle).failure == expected, "\(text.debugDescription)")
        }
    }

    @Test("huge inputs are answered: a million-digit number, 50,000 steps, 200,000 commas")
    func hugeInputs() {
        let puzzle = Puzzle(numbers: [1, 2], target: 3)
        let digits = String(repeating: "9", count: 1_000_000)
        #expect(Verifier.verify("\(digits)+1=2", for: puzzle).failure == .overflow)
        #expect(Verifier.verify("1+\(digits)", for: puzzle).failure == .format)
        let steps = Array(repeating: "1+2=3", count: 50_000).joined(separator: ", ")
        #expect(Verifier.verify(steps, for: puzzle).failure == .operand)
        #expect(Verifier.verify(String(repeating: ",", count: 200_000), for: puzzle).failure == .format)
        let code = String(repeating: "eval(compile('import os', 'x', 'exec'));", count: 10_000)
        #expect(Verifier.verify(code, for: puzzle).failure == .format)
    }
}
