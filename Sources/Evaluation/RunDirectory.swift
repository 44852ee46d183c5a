import EvalSets
package import Foundation
import Puzzles

/// The files of a run directory (`results/<run-name>/`):
/// - `identity.json`, written when the run starts: what it scores (see `RunIdentity`);
/// - `items.jsonl`, one line per finished puzzle, appended as completions finish and rewritten in
///   selection order once all are done;
/// - `sessions.jsonl`, one line per invocation that worked on it;
/// - `run.json`, written when every selected puzzle is done (see `RunReport`).
package struct RunDirectory: Sendable {
    package let url: URL

    package init(_ url: URL) {
        self.url = url
    }

    var identityURL: URL { url.appendingPathComponent("identity.json") }
    var itemsURL: URL { url.appendingPathComponent("items.jsonl") }
    var sessionsURL: URL { url.appendingPathComponent("sessions.jsonl") }
    var reportURL: URL { url.appendingPathComponent("run.json") }

    /// The finished run's report.
    package func readReport() throws(EvaluationError) -> RunReport {
        try requireFinishedRun()
        return try Self.decode(RunReport.self, from: reportURL)
    }

    /// Checks that the directory exists and holds a finished run, saying which of the two it lacks
    /// (a mistyped path and an unfinished run need different fixes).
    func requireFinishedRun() throws(EvaluationError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .unreadable(path: url.path, reason: "no such directory")
        }
        guard FileManager.default.fileExists(atPath: reportURL.path) else {
            let reason = FileManager.default.fileExists(atPath: identityURL.path)
                ? "no run.json (the run has not finished); finish it by running the command that started it again, "
                    + "which resumes it"
                : "no run.json or identity.json (no run was started here)"
            throw .notARunDirectory(path: url.path, reason: reason)
        }
    }

    /// The finished run's report, its results complete with shortcut depth and calculator repair: a
    /// run.json written before they existed gets them from items.jsonl and the eval sets' depth table
    /// (depth is a property of the puzzle, so nothing is scored again).
    package func readReport(evalSetsDirectory: URL) throws(EvaluationError) -> RunReport {
        var report = try readReport()
        let tallies = report.results.sets.flatMap { $0.byN + [$0.total] }
        guard tallies.contains(where: { $0.shortcut == nil || $0.calculator == nil }) else { return report }
        let plan = try ScoringPlan.load(evalSetsDirectory: evalSetsDirectory, selection: report.identity.selection)
        guard plan.evalSets.map(\.sha256) == report.identity.evalSets.map(\.sha256) else {
            throw .malformedFile(path: reportURL.path, line: nil, reason: "the run predates shortcut depth and scored "
                + "eval sets \(report.identity.evalSets.map(\.sha256)); \(evalSetsDirectory.path) holds "
                + "\(plan.evalSets.map(\.sha256)): give the eval sets it scored with --eval-sets")
        }
        var records = try ItemLog.read(itemsURL, recoveringTornLine: false)
        for index in records.indices {
            let item = try plan.item(of: records[index], in: itemsURL, line: index + 1)
            let judgement = plan.judge(records[index].completion, of: item)
            // The verdicts stay as recorded: re-deriving them is `reckon rejudge`'s, which rewrites the files.
            records[index].depth = judgement.depth
            records[index].calculator = judgement.calculator
        }
        report.results = RunResults(records: records, sets: report.identity.selection.sets)
        return report
    }

    package func readIdentity() throws(EvaluationError) -> RunIdentity? {
        guard FileManager.default.fileExists(atPath: identityURL.path) else { return nil }
        return try Self.decode(RunIdentity.self, from: identityURL)
    }

    /// Checks that the directory holds a run with this identity, or starts one (writing identity.json).
    func claim(for identity: RunIdentity) throws(EvaluationError) {
        if let existing = try readIdentity() {
            let differences = identity.differences(from: existing)
            guard differences.isEmpty else { throw .runMismatch(directory: url.path, differences: differences) }
            return
        }
        var contents: [String] = []
        if FileManager.default.fileExists(atPath: url.path) {
            do {
                contents = try FileManager.default.contentsOfDirectory(atPath: url.path)
            } catch {
                throw .unreadable(path: url.path, reason: error.localizedDescription)
            }
        }
        if !contents.filter({ !$0.hasPrefix(".") }).isEmpty {
            throw .notARunDirectory(path: url.path, reason: "it holds files but no identity.json; choose an empty or new directory")
        }
        try Self.write(Self.encode(identity), to: identityURL)
    }

    func appendSession(_ session: RunSession) throws(EvaluationError) {
        var line = [UInt8](Self.encode(session, pretty: false))
        line.append(0x0A)
        do {
            if !FileManager.default.fileExists(atPath: sessionsURL.path) {
                _ = FileManager.default.createFile(atPath: sessionsURL.path, contents: nil)
            }
            let handle = try FileHandle(forWritingTo: sessionsURL)
            try handle.seekToEnd()
            try handle.write(contentsOf: line)
            try handle.close()
        } catch {
            throw .unwritable(path: sessionsURL.path, reason: error.localizedDescription)
        }
    }

    func readSessions() throws(EvaluationError) -> [RunSession] {
        guard let data = FileManager.default.contents(atPath: sessionsURL.path) else { return [] }
        var sessions: [RunSession] = []
        let lines = data.split(separator: 0x0A)
        for (offset, line) in lines.enumerated() {
            do {
                sessions.append(try JSONDecoder().decode(RunSession.self, from: Data(line)))
            } catch {
                // A session line torn by a kill only loses timing, never scores.
                if offset == lines.count - 1, data.last != 0x0A { break }
                throw .malformedFile(path: sessionsURL.path, line: offset + 1, reason: "not a session: \(error)")
            }
        }
        return sessions
    }

    /// Writes the final items.jsonl (selection order) and run.json once every selected puzzle is done,
    /// after re-verifying every completion.
    func finish(identity: RunIdentity, plan: ScoringPlan, records: [String: ItemRecord],
                sessions: [RunSession]) throws(EvaluationError) -> RunReport {
        var ordered: [ItemRecord] = []
        ordered.reserveCapacity(plan.items.count)
        var bytes: [UInt8] = []
        for item in plan.items {
            guard var record = records[item.id] else {
                throw .notARunDirectory(path: url.path, reason: "puzzle \(item.id) has no completion")
            }
            guard record.prompt == item.prompt, record.set == item.set, record.n == item.n else {
                throw .malformedFile(path: itemsURL.path, line: nil,
                                     reason: "item \(item.id) records another puzzle than the eval set's")
            }
            let judgement = plan.judge(record.completion, of: item)
            guard record.records(judgement.verdict) else {
                throw .malformedFile(path: itemsURL.path, line: nil, reason: "item \(item.id) records "
                    + "\(record.error?.rawValue ?? "valid") but the verifier says \(judgement.verdict)")
            }
            // Lines of a run resumed across versions may lack depth and calculator; the final file has them all.
            record.setJudgement(judgement)
            ordered.append(record)
            bytes += record.jsonLine
        }
        try Self.write(bytes, to: itemsURL)
        let report = RunReport(identity: identity, results: RunResults(records: ordered, sets: identity.selection.sets),
                               timing: RunTiming(sessions: sessions), sessions: sessions)
        try Self.write(Self.encode(report), to: reportURL)
        return report
    }

    // MARK: - JSON files

    static func encode(_ value: some Encodable, pretty: Bool = true) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            : [.sortedKeys, .withoutEscapingSlashes]
        do {
            var bytes = [UInt8](try encoder.encode(value))
            if pretty { bytes.append(0x0A) }
            return bytes
        } catch {
            // Only non-finite doubles fail to encode; the values written here are all finite.
            preconditionFailure("cannot encode \(type(of: value)): \(error)")
        }
    }

    static func decode<Value: Decodable>(_ type: Value.Type, from url: URL) throws(EvaluationError) -> Value {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw .unreadable(path: url.path, reason: "no such file or not readable")
        }
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch {
            throw .malformedFile(path: url.path, line: nil, reason: "not a valid \(url.lastPathComponent): \(error)")
        }
    }

    static func write(_ bytes: [UInt8], to url: URL) throws(EvaluationError) {
        do {
            try OutputFile.write(bytes, to: url)
        } catch {
            throw .unwritable(path: url.path, reason: error.description)
        }
    }
}
