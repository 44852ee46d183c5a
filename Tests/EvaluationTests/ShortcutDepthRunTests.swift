import EvalSets
@testable import Evaluation
import Foundation
import Puzzles
import Testing

@Suite("Shortcut depth in runs")
struct ShortcutDepthRunTests {
    /// Shortcut puzzles per set in the committed test sets: 0.445 / 0.410 / 0.355 / 0.475.
    static let shortcutPuzzles = ["in-domain": 1335, "extended-number-range": 1231,
                                  "extended-number-range-1000": 1064, "extended-component": 475]

    @Test("the committed depth table describes the committed sets with the published shortcut shares")
    func committedTable() throws {
        let table = try DepthTable.read(from: TestSupport.evalSets)
        #expect(table.entries.count == 10_000)
        let manifest = try EvalSetManifest.read(from: TestSupport.evalSets.appendingPathComponent("manifest.json"))
        for entry in manifest.sets {
            #expect(table.describes(set: entry.name, sha256: entry.sha256))
            #expect(table.index.sets.first { $0.name == entry.name }?.shortcut == Self.shortcutPuzzles[entry.name])
        }
    }

    @Test("the shortcut backend scores exactly the shortcut share, every verdict re-checked")
    func shortcutBaseline() throws {
        let root = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let backend = RuleBackend(.shortcut(try ShortcutAnswers(evalSetsDirectory: TestSupport.evalSets)))
        let report = try TestSupport.runner(root, limit: nil).run(backend: backend)
        for set in report.results.sets {
            #expect(set.total.valid == Self.shortcutPuzzles[set.set])
            #expect(set.total.shortcut?.passAt1 == 1.0)
            #expect(set.total.deep?.valid == 0)
            #expect(set.total.errors["format"] == set.total.puzzles - set.total.valid)
        }
        // The in-memory baseline that `compare --paper` shows is the same.
        let inMemory = try ShortcutBaseline.report(evalSetsDirectory: TestSupport.evalSets)
        #expect(inMemory.results == report.results)
        // Every recorded line carries depth and calculator repair, and `finish` re-verified every verdict.
        let records = try ItemLog.read(root.appendingPathComponent("items.jsonl"), recoveringTornLine: false)
        #expect(records.allSatisfy { $0.depth != nil && $0.calculator == $0.valid })
    }

    @Test("a run written before depth existed compares with the same depth columns as a new one")
    func oldRunsStillCompare() throws {
        let root = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let answers = Dictionary(uniqueKeysWithValues: try StandardSet.allCases.flatMap { set in
            try EvalItem.readAll(from: TestSupport.evalSets.appendingPathComponent(set.fileName))
        }.map { item in
            // Half the puzzles right; the other half with the last result off by one: wrong only at
            // arithmetic, since no later step uses it.
            var text = item.response
            if (Int(item.id.suffix(4)) ?? 0) % 2 == 1, let equals = text.lastIndex(of: "="),
               let value = Int64(text[text.index(after: equals)...]) {
                text.replaceSubrange(text.index(after: equals)..., with: String(value + 1))
            }
            return (item.prompt, text)
        })
        let backend = ScriptedBackend(descriptor: BackendDescriptor(kind: "llama", decoding: DecodingSettings()),
                                      answers: answers)
        let fresh = try TestSupport.runner(root, limit: 6).run(backend: backend)
        // Make it look like a run of the previous version: no depth or calculator anywhere.
        let directory = RunDirectory(root)
        var old = fresh
        for index in old.results.sets.indices {
            func strip(_ tally: inout Tally) {
                tally.shortcut = nil
                tally.deep = nil
                tally.byDepth = nil
                tally.calculator = nil
            }
            strip(&old.results.sets[index].total)
            for n in old.results.sets[index].byN.indices { strip(&old.results.sets[index].byN[n]) }
        }
        try RunDirectory.write(RunDirectory.encode(old), to: directory.reportURL)
        let lines = try TestSupport.text(directory.itemsURL).split(separator: "\n").map { line in
            line.replacingOccurrences(of: #","depth":[0-9]+,"calculator":(true|false)"#, with: "",
                                      options: .regularExpression)
        }
        #expect(!lines[0].contains("depth"))
        try (lines.joined(separator: "\n") + "\n").write(to: directory.itemsURL, atomically: true, encoding: .utf8)
        #expect(try directory.readReport().results.sets[0].total.shortcut == nil)
        let reread = try directory.readReport(evalSetsDirectory: TestSupport.evalSets)
        #expect(reread.results == fresh.results)
        let inDomain = try #require(reread.results.sets.first)
        #expect(inDomain.total.calculator?.arithmeticOnly == inDomain.total.errors["arithmetic"])
        #expect(inDomain.total.calculator?.arithmeticOnly ?? 0 > 0)
        #expect((inDomain.total.shortcut?.puzzles ?? 0) + (inDomain.total.deep?.puzzles ?? 0) == inDomain.total.puzzles)
    }

    @Test("the committed runs compare with shortcut and deep pass@1 that add up")
    func committedRuns() throws {
        for name in ["tiny-2k", "tiny-20k", "tiny-200k"] {
            let directory = RunDirectory(TestSupport.packageRoot.appendingPathComponent("results/\(name)"))
            let report = try directory.readReport(evalSetsDirectory: TestSupport.evalSets)
            for set in report.results.sets {
                let shortcut = try #require(set.total.shortcut), deep = try #require(set.total.deep)
                #expect(shortcut.puzzles == Self.shortcutPuzzles[set.set])
                #expect(shortcut.valid + deep.valid == set.total.valid)
                let byDepth = try #require(set.total.byDepth)
                #expect(byDepth.values.reduce(0) { $0 + $1.puzzles } == set.total.puzzles)
            }
        }
    }

    @Test("compare JSON carries shortcut, deep and calculator objects with integer counts")
    func compareJSON() throws {
        let root = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let report = try TestSupport.runner(root, limit: 3).run(backend: RuleBackend(.oracle(TestSupport.references)))
        let table = ComparisonTable(runs: [("oracle", report)], includePaper: false)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(table.json().utf8)) as? [String: Any])
        let rows = try #require(object["rows"] as? [[String: Any]])
        for row in rows {
            let cell = try #require((row["cells"] as? [Any])?.first as? [String: Any])
            for key in ["shortcut", "deep"] {
                let group = try #require(cell[key] as? [String: Any])
                #expect(group["puzzles"] is Int && group["valid"] is Int)
            }
            let calculator = try #require(cell["calculator"] as? [String: Any])
            #expect(calculator["valid"] as? Int == cell["puzzles"] as? Int)
            #expect((cell["by_depth"] as? [String: Any])?.keys.sorted() == ["0", "1", "2", "3", "4+"])
        }
    }
}
