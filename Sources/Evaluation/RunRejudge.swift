import EvalSets
package import Foundation
import Puzzles

/// Re-derives a finished run's verdicts from its completions with the current verifier, for when the
/// verifier's rules change (as on 2026-11-30, when `docs/rules.md` section 3 became piece by piece).
/// Completions, token counts, stop reasons, identity.json and sessions.jsonl stay as they are;
/// items.jsonl's `valid` and `error` and the whole run.json are rewritten through the same path that
/// ends a run (`RunDirectory.finish`), so run.json also gains whatever the current code records.
package enum RunRejudge {
    /// What a rejudge changed: how many items, and each (old, new) verdict pair with its count.
    package struct Outcome: Sendable {
        package var report: RunReport
        package var items: Int
        /// Keys are `old -> new` with `valid` or an error code on each side.
        package var changes: [String: Int]
        package var changedItems: Int { changes.values.reduce(0, +) }
    }

    package static func rejudge(_ url: URL, evalSetsDirectory: URL) throws(EvaluationError) -> Outcome {
        let directory = RunDirectory(url)
        try directory.requireFinishedRun()
        guard let identity = try directory.readIdentity() else {
            throw .notARunDirectory(path: url.path, reason: "no identity.json")
        }
        let lock = try RunLock(directory: url)
        defer { withExtendedLifetime(lock) {} }
        let plan = try ScoringPlan.load(evalSetsDirectory: evalSetsDirectory, selection: identity.selection)
        guard plan.evalSets == identity.evalSets else {
            throw .malformedFile(path: directory.identityURL.path, line: nil, reason: "the run scored eval sets "
                + "\(identity.evalSets.map(\.sha256)), \(evalSetsDirectory.path) holds \(plan.evalSets.map(\.sha256))")
        }
        var records: [String: ItemRecord] = [:]
        var changes: [String: Int] = [:]
        for (index, var record) in try ItemLog.read(directory.itemsURL, recoveringTornLine: false).enumerated() {
            let item = try plan.item(of: record, in: directory.itemsURL, line: index + 1)
            let judgement = plan.judge(record.completion, of: item)
            if !record.records(judgement.verdict) {
                let old = record.valid ? "valid" : record.error?.rawValue ?? "invalid"
                changes["\(old) -> \(judgement.verdict.failure?.rawValue ?? "valid")", default: 0] += 1
            }
            record.setJudgement(judgement)
            guard records.updateValue(record, forKey: record.id) == nil else {
                throw .malformedFile(path: directory.itemsURL.path, line: index + 1, reason: "item \(record.id) appears twice")
            }
        }
        let report = try directory.finish(identity: identity, plan: plan, records: records,
                                          sessions: try directory.readSessions())
        return Outcome(report: report, items: records.count, changes: changes)
    }
}
