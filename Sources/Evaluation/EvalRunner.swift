public import Foundation
import EvalSets

/// Scores a backend on the selected puzzles, zero-shot, one completion per puzzle.
///
/// Finished puzzles are appended to `items.jsonl` as they complete; a run started again in the same
/// directory with the same identity skips them, so an interrupted run (an error, Ctrl-C, SIGKILL)
/// loses at most the puzzles in flight. The final files do not depend on how often it was resumed.
public struct EvalRunner {
    public var evalSetsDirectory: URL
    package var directory: RunDirectory
    package var selection: RunSelection
    package var environment: RunEnvironment
    /// Asked after every completion; returning true stops the run with `EvaluationError.interrupted`.
    public var shouldStop: () -> Bool = { false }
    /// Receives (finished puzzles, all puzzles, tokens generated this session) after every completion.
    public var onProgress: (Int, Int, Int) -> Void = { _, _, _ in }
    /// Receives the number of puzzles already finished before the backend starts (resume).
    public var onStart: (Int, Int) -> Void = { _, _ in }

    package init(evalSetsDirectory: URL, directory: URL, selection: RunSelection, environment: RunEnvironment) {
        self.evalSetsDirectory = evalSetsDirectory
        self.directory = RunDirectory(directory)
        self.selection = selection
        self.environment = environment
    }

    /// What a run of `backend` here records in identity.json, and what the directory holds already
    /// (nil when no run was started there): for a caller that explains a `runMismatch`.
    package func identities(for backend: any CompletionBackend) throws(EvaluationError)
        -> (requested: RunIdentity, recorded: RunIdentity?) {
        let plan = try ScoringPlan.load(evalSetsDirectory: evalSetsDirectory, selection: selection)
        return (RunIdentity(backend: backend.descriptor, evalSets: plan.evalSets, selection: selection),
                try directory.readIdentity())
    }

    /// Runs (or resumes) the run and returns its report, also written to `run.json`.
    public func run(backend: any CompletionBackend) throws(EvaluationError) -> RunReport {
        let plan = try ScoringPlan.load(evalSetsDirectory: evalSetsDirectory, selection: selection)
        let identity = RunIdentity(backend: backend.descriptor, evalSets: plan.evalSets, selection: selection)
        // Locked before claiming, so two processes starting together cannot both pass the checks.
        let lock = try RunLock(directory: directory.url)
        defer { withExtendedLifetime(lock) {} }
        try directory.claim(for: identity)

        var records = try finishedRecords(plan: plan)
        let pending = plan.items.filter { records[$0.id] == nil }
        onStart(records.count, plan.items.count)

        let started = Date()
        var completions = 0
        var generatedTokens = 0
        var outcome = "finished"
        do {
            if !pending.isEmpty {
                try complete(pending, with: backend, plan: plan, records: &records,
                             completions: &completions, generatedTokens: &generatedTokens)
            }
        } catch {
            outcome = error.description
            do {
                try recordSession(started: started, completions: completions, generatedTokens: generatedTokens,
                                  outcome: outcome)
            } catch {
                // The session line is timing only; the error that stopped the run is the one to report.
            }
            throw error
        }
        try recordSession(started: started, completions: completions, generatedTokens: generatedTokens,
                          outcome: outcome)
        return try directory.finish(identity: identity, plan: plan, records: records,
                                    sessions: try directory.readSessions())
    }

    /// The records already in items.jsonl, checked against the plan (a torn last line is dropped).
    private func finishedRecords(plan: ScoringPlan) throws(EvaluationError) -> [String: ItemRecord] {
        let url = directory.itemsURL
        var records: [String: ItemRecord] = [:]
        for (index, record) in try ItemLog.read(url, recoveringTornLine: true).enumerated() {
            // Only checked here: `RunDirectory.finish` judges every record again once the run is complete.
            _ = try plan.item(of: record, in: url, line: index + 1)
            guard records.updateValue(record, forKey: record.id) == nil else {
                throw .malformedFile(path: url.path, line: index + 1, reason: "item \(record.id) appears twice")
            }
        }
        return records
    }

    private func complete(_ pending: [EvalItem], with backend: any CompletionBackend, plan: ScoringPlan,
                          records: inout [String: ItemRecord], completions: inout Int,
                          generatedTokens: inout Int) throws(EvaluationError) {
        let log = try ItemLog(appendingTo: directory.itemsURL)
        let prompts = pending.map { EvalPrompt(id: $0.id, text: $0.prompt) }
        let total = plan.items.count
        var caught: EvaluationError?
        do {
            try backend.complete(prompts) { index, completion in
                guard pending.indices.contains(index) else {
                    throw EvaluationError.backend("completion for prompt index \(index) of \(pending.count)")
                }
                let item = pending[index]
                guard records[item.id] == nil else {
                    throw EvaluationError.backend("prompt \(item.id) was completed twice")
                }
                let record = plan.record(completion, of: item)
                try log.append(record)
                records[item.id] = record
                completions += 1
                generatedTokens += completion.generatedTokens
                onProgress(records.count, total, generatedTokens)
                if records.count < total, shouldStop() {
                    throw EvaluationError.interrupted(directory: directory.url.path, finished: records.count,
                                                      total: total)
                }
            }
        } catch let error as EvaluationError {
            caught = error
        } catch {
            caught = .backend("\(error)")
        }
        try log.close()
        if let caught { throw caught }
        if let missing = pending.first(where: { records[$0.id] == nil }) {
            throw .backend("returned without completing \(pending.count(where: { records[$0.id] == nil })) "
                + "prompts, for example \(missing.id)")
        }
    }

    private func recordSession(started: Date, completions: Int, generatedTokens: Int,
                               outcome: String) throws(EvaluationError) {
        let ended = Date()
        let wall = (ended.timeIntervalSince(started) * 1000).rounded() / 1000
        try directory.appendSession(RunSession(
            started: RunSession.timestamp(started), ended: RunSession.timestamp(ended), wallSeconds: wall,
            completions: completions, generatedTokens: generatedTokens,
            tokensPerSecond: RunSession.rate(generatedTokens, wall), outcome: outcome, shard: selection.shard,
            environment: environment))
    }
}
