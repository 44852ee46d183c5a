import EvalSets
package import Foundation

/// The shortcut baseline's scores on the test sets, computed in memory (what `reckon score --backend
/// shortcut` writes to a run directory, without the files), for tables that put it beside other runs.
package enum ShortcutBaseline {
    package static let label = "shortcut baseline"

    /// Whether a run already is this baseline: the shortcut rule on every puzzle of every set (its
    /// scores then equal the computed column's, which would only repeat it).
    package static func isBaseline(_ report: RunReport) -> Bool {
        let selection = report.identity.selection
        return report.identity.backend.kind == "shortcut" && selection.sets == StandardSet.allCases
            && selection.limit == nil && selection.shard == nil
    }

    package static func report(evalSetsDirectory: URL) throws(EvaluationError) -> RunReport {
        let selection: RunSelection
        do {
            selection = try RunSelection()
        } catch {
            throw .backend("shortcut baseline: \(error)")
        }
        let plan = try ScoringPlan.load(evalSetsDirectory: evalSetsDirectory, selection: selection)
        let backend = RuleBackend(.shortcut(try ShortcutAnswers(evalSetsDirectory: evalSetsDirectory)))
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
