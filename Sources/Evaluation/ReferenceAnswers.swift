import EvalSets
package import Foundation
import Puzzles

/// Correct solutions for the oracle and garbler rules of `RuleBackend`: the committed reference
/// responses by prompt, and the solver for any other prompt (exact, but milliseconds per 8-number
/// puzzle in a debug build).
package struct ReferenceAnswers: Sendable {
    private var responses: [String: String]

    /// No stored responses: every prompt is solved.
    package init() {
        responses = [:]
    }

    /// The reference responses of every set file named in `manifest.json` under `directory`.
    package init(evalSetsDirectory directory: URL) throws(EvaluationError) {
        responses = [:]
        for set in try EvalSetFiles.read(directory) {
            for item in set.items { responses[item.prompt] = item.response }
        }
    }

    /// A valid solution of the prompt's puzzle, or nil when it has none.
    func solution(for prompt: String) throws(PuzzleError) -> String? {
        if let response = responses[prompt] { return response }
        return Solver.solve(try PromptParser.parse(prompt))?.responseText
    }
}
