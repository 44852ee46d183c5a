import EvalSets
public import Foundation

/// The shortcut baseline's scores on the test sets, computed in memory (what `reckon score --backend
/// shortcut` writes to a run directory, without the files), for tables that put it beside other runs.
package enum ShortcutBaseline {
    package static let label = "shortcut baseline"

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
