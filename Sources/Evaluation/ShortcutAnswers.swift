import EvalSets
package import Foundation
import Puzzles

/// The shortcut baseline's answers (`docs/rules.md` section 7), a rule program with no planning: a
/// puzzle of shortcut depth 0, 1 or 2 gets its shortcut solution (collapse the unused numbers to 0 by
/// `x/y=0` and `0*z=0`, then `v+0=v` or `0-v=-v`), every deeper puzzle one fixed invalid attempt, so
/// its pass@1 is the share of shortcut puzzles: what a score means before any learning. Solutions by
/// prompt: the committed depth table's for the test sets, computed for any other.
package struct ShortcutAnswers: Sendable {
    /// The answer to every deep puzzle: not a step, so the verifier says `format`.
    package static let deepAttempt = "no shortcut"

    private var entries: [String: DepthTable.Entry]

    /// Nothing stored: every prompt's depth is computed.
    package init() {
        entries = [:]
    }

    /// The depth table of every set named in `manifest.json` under `directory`.
    package init(evalSetsDirectory directory: URL) throws(EvaluationError) {
        let sets = try EvalSetFiles.read(directory).map { (name: $0.entry.name, sha256: $0.entry.sha256, items: $0.items) }
        let byID = try PuzzleDepths.load(directory: directory, sets: sets)
        entries = [:]
        for set in sets {
            for item in set.items { entries[item.prompt] = byID[item.id] }
        }
    }

    /// The shortcut solution when the puzzle's depth is at most 2, else `Self.deepAttempt`.
    func answer(for prompt: String) throws(PuzzleError) -> String {
        if let entry = entries[prompt] {
            guard let depth = entry.depth, let solution = entry.solution, DepthClass.isShortcut(depth) else {
                return Self.deepAttempt
            }
            return solution
        }
        guard let depth = try ShortcutDepth.of(try PromptParser.parse(prompt)), depth.isShortcut else {
            return Self.deepAttempt
        }
        return depth.solution.responseText
    }
}
