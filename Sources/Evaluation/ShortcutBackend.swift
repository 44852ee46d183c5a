import EvalSets
public import Foundation
import Puzzles

/// The shortcut baseline (`puzzle-spec.md` section 7): a rule program with no planning. It answers a
/// puzzle of shortcut depth 0, 1 or 2 with its shortcut solution (collapse the unused numbers to 0 by
/// `x/y=0` and `0*z=0`, then `v+0=v` or `0-v=-v`) and every deeper puzzle with one fixed invalid
/// attempt. Its pass@1 is the share of shortcut puzzles: what a score means before any learning.
public struct ShortcutBackend: CompletionBackend {
    /// The answer to every deep puzzle: not a step, so the verifier says `format`.
    public static let deepAttempt = "no shortcut"

    public let descriptor: BackendDescriptor
    private let answers: ShortcutAnswers

    public init(answers: ShortcutAnswers = ShortcutAnswers(), decoding: DecodingSettings = DecodingSettings()) {
        descriptor = BackendDescriptor(kind: "shortcut", decoding: decoding)
        self.answers = answers
    }

    public func complete(_ prompts: [EvalPrompt], onCompletion: (Int, BackendCompletion) throws -> Void) throws {
        try FakeGeneration.run(prompts, decoding: descriptor.decoding, onCompletion: onCompletion) { prompt in
            try answers.answer(for: prompt)
        }
    }
}

/// Shortcut solutions by prompt: the committed depth table's for the test sets, computed for any other.
public struct ShortcutAnswers: Sendable {
    private var entries: [String: DepthTable.Entry]

    /// Nothing stored: every prompt's depth is computed.
    public init() {
        entries = [:]
    }

    /// The depth table of every set named in `manifest.json` under `directory`.
    public init(evalSetsDirectory directory: URL) throws(EvaluationError) {
        let sets = try EvalSetFiles.read(directory).map { (name: $0.entry.name, sha256: $0.entry.sha256, items: $0.items) }
        let byID = try PuzzleDepths.load(directory: directory, sets: sets)
        entries = [:]
        for set in sets {
            for item in set.items { entries[item.prompt] = byID[item.id] }
        }
    }

    /// The shortcut solution when the puzzle's depth is at most 2, else `ShortcutBackend.deepAttempt`.
    func answer(for prompt: String) throws(PuzzleError) -> String {
        if let entry = entries[prompt] {
            guard let depth = entry.depth, let solution = entry.solution, DepthClass.isShortcut(depth) else {
                return ShortcutBackend.deepAttempt
            }
            return solution
        }
        guard let depth = try ShortcutDepth.of(try PromptParser.parse(prompt)), depth.isShortcut else {
            return ShortcutBackend.deepAttempt
        }
        return depth.solution.responseText
    }
}

/// The shortcut baseline's scores on the test sets, computed in memory (what `reckon score --backend
/// shortcut` writes to a run directory, without the files), for tables that put it beside other runs.
public enum ShortcutBaseline {
    public static let label = "shortcut baseline"

    public static func report(evalSetsDirectory: URL) throws(EvaluationError) -> RunReport {
        let selection: RunSelection
        do {
            selection = try RunSelection()
        } catch {
            throw .backend("shortcut baseline: \(error)")
        }
        let plan = try ScoringPlan.load(evalSetsDirectory: evalSetsDirectory, selection: selection)
        let backend = ShortcutBackend(answers: try ShortcutAnswers(evalSetsDirectory: evalSetsDirectory))
        var records: [ItemRecord?] = Array(repeating: nil, count: plan.items.count)
        do {
            try backend.complete(plan.items.map { EvalPrompt(id: $0.id, text: $0.prompt) }) { index, completion in
                records[index] = plan.record(completion, of: plan.items[index])
            }
        } catch {
            throw .backend("shortcut baseline: \(error)")
        }
        let identity = RunIdentity(backend: backend.descriptor, evalSets: plan.evalSets, selection: selection)
        return RunReport(identity: identity, results: RunResults(records: records.compactMap { $0 }, sets: selection.sets),
                         timing: RunTiming(sessions: []), sessions: [])
    }
}
