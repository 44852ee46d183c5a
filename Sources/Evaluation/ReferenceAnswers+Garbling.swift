import Foundation
package import Puzzles

extension ReferenceAnswers {
    /// The garbler's answer to a prompt (`RuleBackend.Rule.garbler`) and the error code the verifier
    /// must give it: one of the six codes, chosen by a stable hash of the prompt so that a run with it
    /// scores 0.0 with every code represented; the wrong steps are built from this table's solution.
    package func garbled(_ prompt: String) throws(PuzzleError) -> (text: String, intended: VerificationFailure) {
        let puzzle = try PromptParser.parse(prompt)
        let intended = VerificationFailure.allCases[Int(Self.stableHash(prompt) % UInt64(VerificationFailure.allCases.count))]
        switch intended {
        case .format:
            return ("I think the answer is \(puzzle.target).", .format)
        case .overflow:
            return ("99999999999999999999+1=0", .overflow)
        case .operand:
            // A number that is not in the pool: one above the largest magnitude.
            let largest = puzzle.numbers.map(\.magnitude).max() ?? 0
            guard largest < UInt64(Int64.max) else { return ("", .format) }
            let absent = Int64(largest) + 1
            return ("\(absent)-\(absent)=0", .operand)
        case .arithmetic, .incomplete, .target:
            guard let solution = try solution(for: prompt),
                  let steps = Self.steps(solution), steps.count >= 2 else { return ("", .format) }
            return Self.wrongSolution(steps, puzzle: puzzle, failure: intended)
        }
    }

    private static func wrongSolution(_ steps: [Step], puzzle: Puzzle,
                                      failure: VerificationFailure) -> (text: String, intended: VerificationFailure) {
        var steps = steps
        switch failure {
        case .arithmetic:
            let first = steps[0]
            steps[0].result = first.result == Int64.max ? first.result - 1 : first.result + 1
            return (steps.responseText, .arithmetic)
        case .incomplete:
            return (Array(steps.dropLast()).responseText, .incomplete)
        default:
            // The last step with another operator whose (correctly stated) result misses the target.
            let last = steps[steps.count - 1]
            for op in ArithmeticOperator.allCases where op != last.op {
                if case let .value(result) = op.apply(last.lhs, last.rhs), result != puzzle.target {
                    steps[steps.count - 1] = Step(last.lhs, op, last.rhs, result)
                    return (steps.responseText, .target)
                }
            }
            return (Array(steps.dropLast()).responseText, .incomplete)
        }
    }

    /// The steps of a response in the paper's format (`a op b=c` joined by `", "`).
    static func steps(_ response: String) -> [Step]? {
        var steps: [Step] = []
        for piece in response.split(separator: ",") {
            let text = piece.trimmingCharacters(in: .whitespaces)
            guard let equals = text.firstIndex(of: "="),
                  let opIndex = text[text.index(after: text.startIndex)...].firstIndex(where: { "+-*/".contains($0) }),
                  opIndex < equals,
                  let op = ArithmeticOperator.allCases.first(where: { $0.symbol == text[opIndex] }),
                  let lhs = Int64(text[..<opIndex]), let rhs = Int64(text[text.index(after: opIndex)..<equals]),
                  let result = Int64(text[text.index(after: equals)...])
            else { return nil }
            steps.append(Step(lhs, op, rhs, result))
        }
        return steps
    }

    /// FNV-1a over the prompt's bytes: the same on every machine and in every process, unlike `Hasher`.
    static func stableHash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return hash
    }
}
