import EvalSets
@testable import Evaluation
import Foundation
import Testing

@Suite("Comparison tables")
struct ComparisonTableTests {
    /// Two runs with fixed timing: a "model" that solves the puzzles at even positions of each N (first
    /// 10 per N, all sets) and an oracle on in-domain only (first 4 per N).
    private func reports() throws -> [(label: String, report: RunReport)] {
        let root = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        var answers: [String: String] = [:]
        for set in StandardSet.allCases {
            for item in try EvalItem.readAll(from: TestSupport.evalSets.appendingPathComponent(set.fileName))
            where (Int(item.id.suffix(4)) ?? 1) % 2 == 0 {
                answers[item.prompt] = item.response
            }
        }
        let model = ArtifactIdentity(path: "/models/open_llama_3b", sha256: String(repeating: "ab", count: 32), files: [])
        let adapter = ArtifactIdentity(path: "/adapters/lora-1m", sha256: String(repeating: "cd", count: 32), files: [])
        let llama = ScriptedBackend(descriptor: BackendDescriptor(kind: "llama", model: model, adapter: adapter,
                                                                  decoding: DecodingSettings(batchSize: 8)),
                                    answers: answers)
        var first = try TestSupport.runner(root.appendingPathComponent("a"), limit: 10).run(backend: llama)
        var second = try TestSupport.runner(root.appendingPathComponent("b"), sets: [.inDomain], limit: 4)
            .run(backend: RuleBackend(.oracle(TestSupport.references)))
        let session = RunSession(started: "2026-11-29T00:00:00.000Z", ended: "2026-11-29T00:01:40.000Z",
                                 wallSeconds: 100, completions: 1, generatedTokens: 12_345, tokensPerSecond: 123.5,
                                 outcome: "finished", shard: nil, environment: TestSupport.environment)
        for index in [0, 1] {
            var report = index == 0 ? first : second
            report.sessions = [session]
            report.timing = RunTiming(sessions: [session])
            if index == 0 { first = report } else { second = report }
        }
        return [("lora-1m <b>", first), ("oracle|check", second)]
    }

    @Test("rows follow Table 2: each set's N then its total, extended-component as one N=8 row")
    func layout() throws {
        let table = ComparisonTable(runs: try reports(), includePaper: true)
        #expect(table.rows.map { "\($0.set.name) \($0.label)" } == [
            "in-domain N=5", "in-domain N=6", "in-domain N=7", "in-domain total",
            "extended-number-range N=5", "extended-number-range N=6", "extended-number-range N=7", "extended-number-range total",
            "extended-number-range-1000 N=5", "extended-number-range-1000 N=6", "extended-number-range-1000 N=7",
            "extended-number-range-1000 total", "extended-component N=8",
        ])
        #expect(table.columns.map(\.label) == ["lora-1m <b>", "oracle|check", "paper 1M", "paper 10M", "paper 100M"])
        let inDomainTotal = table.rows[3].cells
        #expect(inDomainTotal[0].map(\.passAt1) == 0.5)
        #expect(inDomainTotal[1].map(\.passAt1) == 1.0)
        #expect(inDomainTotal[2...].map { $0?.passAt1 } == [0.216, 0.383, 0.443])
        #expect(table.rows[12].cells[1] == nil)
        #expect(table.rows[12].cells[4]?.passAt1 == 0.352)
    }

    @Test("without the paper, rows only where some run has scores")
    func withoutPaper() throws {
        let runs = try reports()
        let table = ComparisonTable(runs: [runs[1]], includePaper: false)
        #expect(table.rows.map(\.label) == ["N=5", "N=6", "N=7", "total"])
        #expect(table.columns.count == 1)
    }

    @Test("markdown, JSON and HTML match their snapshots")
    func snapshots() throws {
        let runs = try reports()
        let table = ComparisonTable(runs: runs, includePaper: true)
        try Snapshot.check(table.markdown(), named: "comparison.md")
        try Snapshot.check(table.json(), named: "comparison.json")
        try Snapshot.check(table.html(), named: "comparison.html")
        try Snapshot.check(ComparisonTable(runs: [runs[1]], includePaper: false).markdown(), named: "single-run.md")
    }

    @Test("the JSON form parses and holds a cell per column")
    func jsonParses() throws {
        let table = ComparisonTable(runs: try reports(), includePaper: true)
        let object = try JSONSerialization.jsonObject(with: Data(table.json().utf8)) as? [String: Any]
        let rows = try #require(object?["rows"] as? [[String: Any]])
        #expect(rows.count == 13)
        #expect(rows.allSatisfy { ($0["cells"] as? [Any])?.count == 5 })
        #expect(rows[3]["n"] is NSNull)
    }

    @Test("HTML escapes labels and holds one bar per scored headline cell")
    func htmlEscapes() throws {
        let html = ComparisonTable(runs: try reports(), includePaper: true).html()
        #expect(html.contains("lora-1m &lt;b&gt;"))
        #expect(!html.contains("lora-1m <b>"))
        #expect(!html.contains("<script"))
        // Headline rows: 4 sets; overall chart: run A in all 4, run B in 1, paper 3 × 4, a legend of 5;
        // deep chart: run A in 4, run B in 1, a legend of the 2 runs.
        #expect(html.components(separatedBy: "<rect x=").count - 1 == (4 + 1 + 12 + 5) + (4 + 1 + 2))
        #expect(html.contains("pass@1 on deep puzzles (shortcut depth 3 or more) per set"))
    }
}

@Suite("Artifact identity")
struct ArtifactIdentityTests {
    @Test("hashes every non-hidden file under the directory, sorted, with sizes")
    func hashing() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try Data("abc".utf8).write(to: directory.appendingPathComponent("config.json"))
        try Data().write(to: directory.appendingPathComponent("sub/weights.bin"))
        try Data("ignored".utf8).write(to: directory.appendingPathComponent(".DS_Store"))
        let identity = try ArtifactIdentity.hashing(directory: directory)
        #expect(identity.files.map(\.path) == ["config.json", "sub/weights.bin"])
        #expect(identity.files.map(\.bytes) == [3, 0])
        #expect(identity.files[0].sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        // sha256 of "config.json\t3\t<sha of abc>\nsub/weights.bin\t0\t<sha of empty>\n", computed with Python's hashlib.
        #expect(identity.sha256 == "1fd905b72d236f1a1f811fa7638b988c45fba59a1bb1a1105985a24d07d6771b")
    }

    @Test("a missing or empty directory is an error naming it")
    func missing() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect {
            try ArtifactIdentity.hashing(directory: directory)
        } throws: { error in
            guard case let EvaluationError.unreadable(path, reason) = error else { return false }
            return path == directory.path && reason == "the directory holds no files"
        }
        let absent = directory.appendingPathComponent("absent")
        #expect {
            try ArtifactIdentity.hashing(directory: absent)
        } throws: { error in
            guard case let EvaluationError.unreadable(path, reason) = error else { return false }
            return path == absent.path && reason == "not a directory"
        }
    }
}
