import EvalSets
import Foundation
import Puzzles

/// The fields of an item record that judging a completion decides (`valid`, `error`, `depth`,
/// `calculator`): the verifier's verdict, the puzzle's shortcut depth and calculator repair.
struct Judgement: Equatable {
    var verdict: Verdict
    var depth: Int?
    var calculator: Bool
}

extension ScoringPlan {
    /// Judges a completion of one of the plan's puzzles: the one place that scores, so a run, its
    /// resume, its rejudge and the in-memory shortcut baseline cannot judge the same text differently.
    func judge(_ completion: String, of item: EvalItem) -> Judgement {
        Judgement(verdict: Verifier.verify(completion, for: item.puzzle), depth: depths[item.id]?.depth,
                  calculator: CalculatorRepair.isValid(completion, for: item.puzzle))
    }

    /// The record of a fresh completion of one of the plan's puzzles, judged.
    func record(_ completion: BackendCompletion, of item: EvalItem) -> ItemRecord {
        ItemRecord(item: item, completion: completion, judgement: judge(completion.text, of: item))
    }

    /// The plan's puzzle that a record read from `file` (at 1-based `line`) is about. A record whose id
    /// is not selected, or whose prompt differs, belongs to another run or another eval-set version.
    func item(of record: ItemRecord, in file: URL, line: Int) throws(EvaluationError) -> EvalItem {
        guard let item = itemsByID[record.id], item.prompt == record.prompt else {
            throw .malformedFile(path: file.path, line: line, reason: "item \(record.id) is not one of this run's puzzles")
        }
        return item
    }
}

extension ItemRecord {
    init(item: EvalItem, completion: BackendCompletion, judgement: Judgement) {
        self.init(id: item.id, set: item.set, n: item.n, prompt: item.prompt, completion: completion,
                  verdict: judgement.verdict, depth: judgement.depth, calculator: judgement.calculator)
    }

    /// Whether `valid` and `error` are what this verdict says.
    func records(_ verdict: Verdict) -> Bool {
        valid == verdict.isValid && error == verdict.failure
    }

    /// Replaces every judged field with the judgement's.
    mutating func setJudgement(_ judgement: Judgement) {
        valid = judgement.verdict.isValid
        error = judgement.verdict.failure
        depth = judgement.depth
        calculator = judgement.calculator
    }
}
