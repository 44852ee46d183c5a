import EvalSets
@testable import Evaluation
import Foundation
import Puzzles
import Testing

@Suite("Eval runner: files, resume, refusals")
struct EvalRunnerTests {
    @Test("a run writes identity, items in selection order, one session and run.json; limit takes the first K per N")
    func files() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let backend = RuleBackend(.oracle(TestSupport.references), decoding: DecodingSettings(batchSize: 4))
        let report = try TestSupport.runner(directory, sets: [.extendedComponent, .inDomain], limit: 3).run(backend: backend)
        let run = RunDirectory(directory)
        #expect(try run.readReport() == report)
        #expect(report.identity.selection.sets == [.inDomain, .extendedComponent])
        #expect(report.identity.evalSets.map(\.sha256) == [
            "631bea4a54f654eb7fe8087aa3cad132d52900a7c9a1801e6a568b0253b39f0b",
            try manifestHash(of: .extendedComponent),
        ])
        let records = try ItemLog.read(run.itemsURL, recoveringTornLine: false)
        #expect(records.map(\.id) == ["in-domain-5-0000", "in-domain-5-0001", "in-domain-5-0002",
                                      "in-domain-6-0000", "in-domain-6-0001", "in-domain-6-0002",
                                      "in-domain-7-0000", "in-domain-7-0001", "in-domain-7-0002",
                                      "extended-component-8-0000", "extended-component-8-0001",
                                      "extended-component-8-0002"])
        #expect(report.results.sets.map { $0.byN.map(\.n) } == [[5, 6, 7], [8]])
        #expect(report.sessions.count == 1)
        #expect(report.sessions[0].outcome == "finished")
        #expect(report.sessions[0].completions == 12)
        #expect(report.sessions[0].environment == TestSupport.environment)
        #expect(report.timing.generatedTokens == records.reduce(0) { $0 + $1.generatedTokens })
        let firstLine = try TestSupport.text(run.itemsURL).split(separator: "\n")[0]
        #expect(firstLine == #"{"id":"in-domain-5-0000","set":"in-domain","n":5,"prompt":"7, 20, 26, 43, 35: 0","completion":"35+20=55, 7+55=62, 26/43=0, 0*62=0","generated_tokens":35,"stop":"eos","valid":true,"error":null,"depth":0,"calculator":true}"#)
    }

    @Test("a run stopped after K puzzles and run again gives the files of an uninterrupted run", arguments: [0, 1, 7, 23])
    func resume(stoppingAfter limit: Int) throws {
        let whole = try TestSupport.temporaryDirectory(), resumed = try TestSupport.temporaryDirectory()
        defer {
            try? FileManager.default.removeItem(at: whole)
            try? FileManager.default.removeItem(at: resumed)
        }
        let garbler = RuleBackend(.garbler(TestSupport.references), decoding: DecodingSettings(batchSize: 3))
        let expected = try TestSupport.runner(whole).run(backend: garbler)
        #expect(throws: EvaluationError.self) {
            try TestSupport.runner(resumed).run(backend: StoppingBackend(inner: garbler, limit: limit))
        }
        #expect(!FileManager.default.fileExists(atPath: RunDirectory(resumed).reportURL.path))
        let partial = try ItemLog.read(RunDirectory(resumed).itemsURL, recoveringTornLine: false)
        #expect(partial.count == limit)
        let report = try TestSupport.runner(resumed).run(backend: garbler)
        #expect(report.identity == expected.identity)
        #expect(report.results == expected.results)
        #expect(try TestSupport.text(RunDirectory(resumed).itemsURL) == TestSupport.text(RunDirectory(whole).itemsURL))
        #expect(report.sessions.map(\.completions) == [limit, 40 - limit])
        #expect(report.sessions[0].outcome.contains("Stopped"))
    }

    @Test("a torn last line (a kill during the write) is dropped and its puzzle redone")
    func tornLine() throws {
        let whole = try TestSupport.temporaryDirectory(), torn = try TestSupport.temporaryDirectory()
        defer {
            try? FileManager.default.removeItem(at: whole)
            try? FileManager.default.removeItem(at: torn)
        }
        let oracle = RuleBackend(.oracle(TestSupport.references))
        let expected = try TestSupport.runner(whole).run(backend: oracle)
        _ = try? TestSupport.runner(torn).run(backend: StoppingBackend(inner: oracle, limit: 5))
        let itemsURL = RunDirectory(torn).itemsURL
        let handle = try FileHandle(forWritingTo: itemsURL)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(#"{"id":"in-domain-5-0005","set":"in-dom"#.utf8))
        try handle.close()
        let report = try TestSupport.runner(torn).run(backend: oracle)
        #expect(report.results == expected.results)
        #expect(try TestSupport.text(itemsURL) == TestSupport.text(RunDirectory(whole).itemsURL))
        #expect(report.sessions.last?.completions == 35)
    }

    @Test("run again after finishing: nothing is redone and the files stay the same")
    func rerunFinished() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = try TestSupport.runner(directory).run(backend: RuleBackend(.oracle(TestSupport.references)))
        let scripted = ScriptedBackend(kind: "oracle")
        let second = try TestSupport.runner(directory).run(backend: scripted)
        #expect(second.results == first.results)
        #expect(second.sessions.map(\.completions) == [40, 0])
        #expect(scripted.asked.isEmpty)
    }

    @Test("a directory holding another model, decoding, selection or eval-set hash is refused", arguments: [
        "max new tokens", "batch size", "backend", "limit", "sets",
    ])
    func mismatch(_ what: String) throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let oracle = RuleBackend(.oracle(TestSupport.references))
        _ = try? TestSupport.runner(directory).run(backend: StoppingBackend(inner: oracle, limit: 3))
        var runner = try TestSupport.runner(directory)
        var backend: any CompletionBackend = oracle
        switch what {
        case "max new tokens": backend = RuleBackend(.oracle(TestSupport.references), decoding: DecodingSettings(maxNewTokens: 99))
        case "batch size": backend = RuleBackend(.oracle(TestSupport.references), decoding: DecodingSettings(batchSize: 8))
        case "backend": backend = RuleBackend(.garbler(TestSupport.references))
        case "limit": runner = try TestSupport.runner(directory, limit: 5)
        default: runner = try TestSupport.runner(directory, sets: [.inDomain])
        }
        #expect {
            try runner.run(backend: backend)
        } throws: { error in
            guard case let EvaluationError.runMismatch(path, differences) = error else { return false }
            return path == directory.path && differences.contains { $0.hasPrefix(what + ":") }
        }
        #expect(try ItemLog.read(RunDirectory(directory).itemsURL, recoveringTornLine: false).count == 3)
    }

    @Test("a different eval-set file is refused before anything runs")
    func evalSetHash() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let sets = directory.appendingPathComponent("sets"), out = directory.appendingPathComponent("out")
        try FileManager.default.copyItem(at: TestSupport.evalSets, to: sets)
        let file = sets.appendingPathComponent(StandardSet.inDomain.fileName)
        var lines = try TestSupport.text(file).split(separator: "\n", omittingEmptySubsequences: false)
        lines.swapAt(0, 1)
        try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        let runner = EvalRunner(evalSetsDirectory: sets, directory: out, selection: try RunSelection(limit: 2),
                                environment: TestSupport.environment)
        #expect {
            try runner.run(backend: RuleBackend(.oracle(ReferenceAnswers())))
        } throws: { error in
            guard case let EvaluationError.evalSetMismatch(path, manifest, _) = error else { return false }
            return path == file.path && manifest == "631bea4a54f654eb7fe8087aa3cad132d52900a7c9a1801e6a568b0253b39f0b"
        }
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test("a second process scoring into the same directory is refused while the first holds it")
    func lockedDirectory() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let oracle = RuleBackend(.oracle(TestSupport.references))
        _ = try? TestSupport.runner(directory).run(backend: StoppingBackend(inner: oracle, limit: 2))
        // flock locks belong to the open file description, so a second open in this process conflicts too.
        do {
            let held = try RunLock(directory: directory)
            #expect {
                try TestSupport.runner(directory).run(backend: oracle)
            } throws: { error in
                guard case let EvaluationError.unwritable(path, reason) = error else { return false }
                return path == directory.path && reason.hasPrefix("another reckon process is scoring into this directory")
            }
            withExtendedLifetime(held) {}
        }
        #expect(try TestSupport.runner(directory).run(backend: oracle).results.sets.count == 4)
    }

    @Test("a non-empty directory without identity.json is refused")
    func notARun() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try "notes".write(to: directory.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        #expect {
            try TestSupport.runner(directory).run(backend: RuleBackend(.oracle(TestSupport.references)))
        } throws: { error in
            guard case let EvaluationError.notARunDirectory(path, reason) = error else { return false }
            return path == directory.path && reason.contains("no identity.json")
        }
    }

    @Test("a backend that skips a prompt or completes one twice is an error, finished work kept")
    func misbehavingBackend() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let scripted = ScriptedBackend()
        scripted.skip = ["in-domain-5-0001"]
        #expect {
            try TestSupport.runner(directory, sets: [.inDomain], limit: 2).run(backend: scripted)
        } throws: { error in
            guard case let EvaluationError.backend(reason) = error else { return false }
            return reason == "returned without completing 1 prompts, for example in-domain-5-0001"
        }
        #expect(try ItemLog.read(RunDirectory(directory).itemsURL, recoveringTornLine: false).count == 5)
        let again = ScriptedBackend()
        again.repeatFirst = true
        #expect {
            try TestSupport.runner(directory, sets: [.inDomain], limit: 2).run(backend: again)
        } throws: { error in
            guard case let EvaluationError.backend(reason) = error else { return false }
            return reason == "prompt in-domain-5-0001 was completed twice"
        }
        let report = try TestSupport.runner(directory, sets: [.inDomain], limit: 2).run(backend: ScriptedBackend())
        #expect(report.results.sets[0].total.errors["format"] == 6)
    }

    @Test("shouldStop ends the run with interrupted after the current completion")
    func interruption() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var runner = try TestSupport.runner(directory)
        var calls = 0
        runner.shouldStop = {
            calls += 1
            return calls == 4
        }
        #expect {
            try runner.run(backend: RuleBackend(.oracle(TestSupport.references)))
        } throws: { error in
            guard case let EvaluationError.interrupted(path, finished, total) = error else { return false }
            return path == directory.path && finished == 4 && total == 40
        }
        let sessions = try RunDirectory(directory).readSessions()
        #expect(sessions.count == 1)
        #expect(sessions[0].completions == 4)
        #expect(sessions[0].outcome.hasPrefix("interrupted with 4 of 40"))
    }

    private func manifestHash(of set: StandardSet) throws -> String {
        let manifest = try EvalSetManifest.read(from: TestSupport.evalSets.appendingPathComponent("manifest.json"))
        return try #require(manifest.sets.first { $0.name == set.name }).sha256
    }
}
