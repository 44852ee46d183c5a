import EvalSets
@testable import Evaluation
import Foundation
import Puzzles
import Testing

@Suite("RunRejudge: re-deriving a finished run's verdicts")
struct RunRejudgeTests {
    @Test("verdicts recorded under old rules are re-derived; completions, identity and sessions are kept")
    func rejudge() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let runner = try TestSupport.runner(directory, sets: [.inDomain], limit: 2)
        // A failing first step followed by a malformed piece: `arithmetic` piece by piece, `format`
        // under the rules before 2026-11-30.
        let item = try #require(try EvalItem.readAll(from: TestSupport.evalSets.appendingPathComponent("in-domain.jsonl")).first)
        let (a, b) = (item.puzzle.numbers[0], item.puzzle.numbers[1])
        let broken = "\(a)+\(b)=\(a + b + 1), garbage"
        let scripted = ScriptedBackend(answers: [item.prompt: broken])
        _ = try runner.run(backend: scripted)
        let run = RunDirectory(directory)
        #expect(Verifier.verify(broken, for: item.puzzle).failure == .arithmetic)

        // Make the files say what the old verifier said.
        let items = try TestSupport.text(run.itemsURL)
        let old = items.replacingOccurrences(of: "\"error\":\"arithmetic\"", with: "\"error\":\"format\"")
        #expect(old != items)
        try Data(old.utf8).write(to: run.itemsURL)
        let report = try run.readReport()
        var oldReport = report
        oldReport.results.sets[0].total.errors["arithmetic"]! -= 1
        oldReport.results.sets[0].total.errors["format"]! += 1
        try Data(RunDirectory.encode(oldReport)).write(to: run.reportURL)
        let identity = try TestSupport.text(run.identityURL), sessions = try TestSupport.text(run.sessionsURL)

        let outcome = try RunRejudge.rejudge(directory, evalSetsDirectory: TestSupport.evalSets)
        #expect(outcome.items == 6)
        #expect(outcome.changes == ["format -> arithmetic": 1])
        #expect(try TestSupport.text(run.itemsURL) == items)
        #expect(try run.readReport() == report)
        #expect(try TestSupport.text(run.identityURL) == identity)
        #expect(try TestSupport.text(run.sessionsURL) == sessions)

        // A second time changes nothing.
        #expect(try RunRejudge.rejudge(directory, evalSetsDirectory: TestSupport.evalSets).changes.isEmpty)
        #expect(try TestSupport.text(run.itemsURL) == items)
    }

    @Test("an unfinished run or a directory without a run is refused")
    func refusesUnfinished() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(throws: EvaluationError.self) {
            try RunRejudge.rejudge(directory, evalSetsDirectory: TestSupport.evalSets)
        }
        let runner = try TestSupport.runner(directory, sets: [.inDomain], limit: 2)
        _ = try runner.run(backend: ScriptedBackend())
        try FileManager.default.removeItem(at: RunDirectory(directory).reportURL)
        do {
            _ = try RunRejudge.rejudge(directory, evalSetsDirectory: TestSupport.evalSets)
            Issue.record("an unfinished run was rejudged")
        } catch {
            #expect("\(error)".contains("no run.json"))
        }
    }
}
