import Puzzles
import Testing

@Suite("CalculatorTracker: deciding calculator repair while the text is generated")
struct CalculatorTrackerTests {
    private let puzzle = Puzzle(numbers: [3, 6, 7, 51, 58], target: 4)

    /// Feeds `chunks` in order; returns the index of the chunk after which the diagnosis was decided.
    private func feed(_ chunks: [String], _ tracker: inout CalculatorTracker) -> Int? {
        for (index, chunk) in chunks.enumerated() where tracker.append(chunk.utf8) {
            return index
        }
        return nil
    }

    @Test("an arithmetic mistake decides nothing: the calculator replays on until the newline")
    func arithmeticMistakeGoesOn() {
        var tracker = CalculatorTracker(puzzle: puzzle)
        let decidedAt = feed(["58-51=8,", " 6-8=-2,", " 3*-2=-6,", " -6+7=1"], &tracker)
        #expect(decidedAt == nil)
        #expect(tracker.validIfEndedHere)
        let decided1 = tracker.append("\n6-7=1".utf8)
        #expect(decided1)
        #expect(tracker.decidedCalculatorVerdict == true)
    }

    @Test("a piece that is not a step, or whose operand is missing, decides invalid at its comma")
    func failingPieceDecides() {
        var format = CalculatorTracker(puzzle: puzzle)
        let decidedAt2 = feed(["58-51=8", ", x", ",", " 6-8=-2"], &format)
        #expect(decidedAt2 == 2)
        #expect(format.decidedCalculatorVerdict == false)
        var operand = CalculatorTracker(puzzle: puzzle)
        // 8 is shown by the first step, 9 by nothing.
        let decidedAt3 = feed(["58-51=8, 9-6=3", ",", " 3*1=3"], &operand)
        #expect(decidedAt3 == 1)
        #expect(operand.decidedCalculatorVerdict == false)
        var trueZero = CalculatorTracker(puzzle: Puzzle(numbers: [3, 3, 8], target: 8))
        let decidedAt4 = feed(["3-3=1, 8/1=8", ","], &trueZero)
        #expect(decidedAt4 == 1)
        #expect(trueZero.decidedCalculatorVerdict == false)
    }

    @Test("a comma after the piece that left one entry decides invalid: no step can follow")
    func commaAfterLastEntry() {
        var tracker = CalculatorTracker(puzzle: Puzzle(numbers: [1, 2], target: 3))
        let decided5 = tracker.append("1+2=4".utf8)
        #expect(!decided5)
        #expect(tracker.validIfEndedHere)
        let decided6 = tracker.append(",".utf8)
        #expect(decided6)
        #expect(tracker.decidedCalculatorVerdict == false)
        #expect(!CalculatorRepair.isValid("1+2=4,", for: Puzzle(numbers: [1, 2], target: 3)))
    }

    @Test("a plan whose true values can no longer reach the target decides invalid at its comma")
    func unreachableTargetDecides() {
        let puzzle = Puzzle(numbers: [2, 5, 9], target: -2)
        var wrongPlan = CalculatorTracker(puzzle: puzzle)
        // True values 9 and 10 give 19, 90, -1, 1, 0 or 1: never -2.
        let decidedAtComma = wrongPlan.append("2*5=11,".utf8)
        #expect(decidedAtComma)
        #expect(wrongPlan.decidedCalculatorVerdict == false)
        #expect(!CalculatorRepair.isValid("2*5=11, 11-9=2", for: puzzle))
        // True values 7 and 9 reach -2 (7-9): the wrong 2+5=8 decides nothing yet.
        var rightPlan = CalculatorTracker(puzzle: puzzle)
        let undecided = rightPlan.append("2+5=8,".utf8)
        #expect(!undecided)
        let decidedAtNewline = rightPlan.append(" 8-9=-1\n".utf8)
        #expect(decidedAtNewline)
        #expect(rightPlan.decidedCalculatorVerdict == true)
    }

    @Test("a newline decides, whatever comes after; an empty first line is invalid")
    func newlineDecides() {
        var incomplete = CalculatorTracker(puzzle: puzzle)
        let decidedAt7 = feed(["58-51=8", "\n", "6-8=-2"], &incomplete)
        #expect(decidedAt7 == 1)
        #expect(incomplete.decidedCalculatorVerdict == false)
        var empty = CalculatorTracker(puzzle: puzzle)
        let decided8 = empty.append("\n58-51=7".utf8)
        #expect(decided8)
        #expect(empty.decidedCalculatorVerdict == false)
    }

    /// A completion of `steps` in which some results are shown wrong and later steps use the shown
    /// value (a calculator repairs that), then mutated at random, with text or a new line appended.
    private static func completion(_ steps: [Step], _ random: inout SplitMix64) -> String {
        var steps = steps
        for index in steps.indices where random.uniform(below: 3) == 0 {
            let shown = steps[index].result + Int64(random.uniform(in: -3...3))
            for later in steps.indices where later > index {
                if steps[later].lhs == steps[index].result { steps[later].lhs = shown }
                else if steps[later].rhs == steps[index].result { steps[later].rhs = shown }
            }
            steps[index].result = shown
        }
        let separators = [", ", ",", " , ", ",\t"]
        var text = ""
        for (index, step) in steps.enumerated() {
            if index > 0 { text += separators[Int(random.uniform(below: UInt64(separators.count)))] }
            text += step.description
        }
        let pieces = ["0", "1", "7", "-", "+", "*", "/", "=", ",", ", ", " ", "\r", "\n", "x", "é", "\u{2212}",
                      "99999999999999999999", ", 1+2=3", ", 4-4=0", "\n58-51=7"]
        func piece(_ random: inout SplitMix64) -> String { pieces[Int(random.uniform(below: UInt64(pieces.count)))] }
        var characters = Array(text)
        switch random.uniform(below: 6) {
        case 0: // left as it is
            break
        case 1: // a character inserted
            characters.insert(contentsOf: piece(&random), at: Int(random.uniform(below: UInt64(characters.count + 1))))
        case 2: // a character removed
            if !characters.isEmpty { characters.remove(at: Int(random.uniform(below: UInt64(characters.count)))) }
        case 3: // cut short
            characters = Array(characters.prefix(Int(random.uniform(below: UInt64(characters.count + 1)))))
        default: // something after the steps
            for _ in 0..<(1 + Int(random.uniform(below: 3))) { characters += piece(&random) }
        }
        return String(characters)
    }

    @Test("at every prefix: a decided value never changes and equals the whole text's, for random continuations too; decided by the newline")
    func agreesWithCalculatorRepair() {
        let puzzles: [(Puzzle, [Step])] = [
            (puzzle, [Step(58, .subtract, 51, 7), Step(6, .subtract, 7, -1), Step(3, .multiply, -1, -3),
                      Step(-3, .add, 7, 4)]),
            (Puzzle(numbers: [2, 5, 9], target: -2), [Step(2, .add, 5, 7), Step(7, .subtract, 9, -2)]),
            (Puzzle(numbers: [8, 3, 3], target: 8), [Step(3, .subtract, 3, 0), Step(8, .add, 0, 8)]),
            (Puzzle(numbers: [12, 4, 6, 1], target: 2), [Step(12, .divide, 4, 3), Step(6, .divide, 3, 2),
                                                        Step(2, .multiply, 1, 2)]),
        ]
        var random = SplitMix64(state: 2406)
        var outcomes: [Bool: Int] = [:]
        var repairedOnly = 0
        for round in 0..<6_000 {
            let (puzzle, steps) = puzzles[round % puzzles.count]
            let text = Self.completion(steps, &random)
            let bytes = Array(text.utf8)
            let whole = CalculatorRepair.isValid(text, for: puzzle)
            outcomes[whole, default: 0] += 1
            if whole && !Verifier.verify(text, for: puzzle).isValid { repairedOnly += 1 }
            var tracker = CalculatorTracker(puzzle: puzzle)
            var decided: Bool?
            for end in 0...bytes.count {
                if end > 0 { tracker.append(bytes[(end - 1)..<end]) }
                let prefix = String(decoding: bytes[..<end], as: UTF8.self)
                if let earlier = decided {
                    #expect(tracker.decidedCalculatorVerdict == earlier, "\(text.debugDescription)")
                    continue
                }
                guard let now = tracker.decidedCalculatorVerdict else {
                    #expect(tracker.validIfEndedHere == CalculatorRepair.isValid(prefix, for: puzzle),
                            "\(prefix.debugDescription)")
                    // Undecided before the first newline only.
                    #expect(!bytes[..<end].contains(UInt8(ascii: "\n")), "\(text.debugDescription)")
                    continue
                }
                decided = now
                #expect(now == whole, "\(text.debugDescription) at \(end)")
                #expect(now == CalculatorRepair.isValid(prefix, for: puzzle), "\(prefix.debugDescription)")
                let continuation = Self.completion(steps, &random)
                #expect(now == CalculatorRepair.isValid(prefix + continuation, for: puzzle),
                        "\((prefix + continuation).debugDescription)")
            }
            if decided == nil {
                #expect(tracker.validIfEndedHere == whole, "\(text.debugDescription)")
            }
        }
        // The generator reaches both diagnoses, and completions repaired only by the calculator.
        #expect(outcomes[true, default: 0] > 500 && outcomes[false, default: 0] > 500)
        #expect(repairedOnly > 300)
    }
}
