import Evaluation
import Foundation
import Testing

/// `reckon score` on a real (tiny, random) checkpoint: the whole pipeline from test set to table.
@Suite("reckon score on a fixture checkpoint")
struct ModelScoreCLITests {
    private let fixtures = ReckonProcess.packageRoot.appendingPathComponent("Tests/Fixtures")

    private func completions(_ directory: URL) throws -> [String: String] {
        var byID: [String: String] = [:]
        for line in try String(contentsOf: directory.appendingPathComponent("items.jsonl"), encoding: .utf8)
            .split(separator: "\n") {
            let item = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            byID[try #require(item["id"] as? String)] = try #require(item["completion"] as? String)
        }
        return byID
    }

    @Test("score with --limit then compare; batch size does not change the completions; verify agrees")
    func scoreFixtureModel() throws {
        let root = try ReckonProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let model = fixtures.appendingPathComponent("llama-f32").path
        let adapter = fixtures.appendingPathComponent("lora-adapter").path
        let single = root.appendingPathComponent("batch1"), batched = root.appendingPathComponent("batch7")
        let common = ["score", "--model", model, "--adapter", adapter, "--limit", "2", "--max-new-tokens", "24"]
        let first = try ReckonProcess.run(common + ["--batch-size", "1", "--out", single.path])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("scoring 20 puzzles with llama-f32+lora-adapter"))
        let second = try ReckonProcess.run(common + ["--batch-size", "7", "--out", batched.path])
        #expect(second.status == 0, "\(second.stderr)")

        let report = try RunDirectory(single).readReport()
        #expect(report.identity.backend.kind == "llama")
        #expect(report.identity.backend.model?.name == "llama-f32")
        #expect(report.identity.backend.adapter?.name == "lora-adapter")
        #expect(report.results.sets.map { $0.total.puzzles } == [6, 6, 6, 2])
        let completions = try self.completions(single)
        #expect(completions.count == 20)
        #expect(completions == (try self.completions(batched)))

        // Every verdict recorded in items.jsonl is what `reckon verify` says of the same completion.
        let verified = try ReckonProcess.run(["verify", "--in", single.appendingPathComponent("items.jsonl").path])
        #expect(verified.status == 0)
        let recorded = try String(contentsOf: single.appendingPathComponent("items.jsonl"), encoding: .utf8)
            .split(separator: "\n").map { line -> String in
                let item = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
                let error = item?["error"] as? String
                return "{\"id\":\"\(item?["id"] as? String ?? "")\",\"valid\":\(error == nil),\"error\":"
                    + (error.map { "\"\($0)\"" } ?? "null") + "}"
            }
        #expect(verified.stdout.split(separator: "\n").map(String.init) == recorded)

        let table = try ReckonProcess.run(["compare", single.path, batched.path, "--paper"])
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("| set | N | batch1 | batch1: shortcut | batch1: deep | batch7 | batch7: shortcut | "
            + "batch7: deep | shortcut baseline | shortcut baseline: shortcut | shortcut baseline: deep | paper 1M | "
            + "paper 10M | paper 100M |"))
    }
}

@Suite("reckon score with no --model")
struct BundledModelCLITests {
    @Test("scores the bundled models/tiny from the repository root")
    func bundled() throws {
        let root = try ReckonProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let result = try ReckonProcess.run(["score", "--limit", "1", "--threads", "1",
                                            "--out", root.appendingPathComponent("run").path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("scoring 10 puzzles with tiny"))
        let report = try RunDirectory(root.appendingPathComponent("run")).readReport()
        #expect(report.identity.backend.model?.name == "tiny")
    }

    @Test("outside the repository root it says where the bundled model should be")
    func elsewhere() throws {
        let root = try ReckonProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let result = try ReckonProcess.run(["score", "--limit", "1"], in: root)
        #expect(result.status != 0)
        #expect(result.stderr.contains("the bundled model models/tiny is not in this directory"))
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("results").path))
    }
}
