import EvalSets
import Evaluation
import Foundation
import Testing

@Suite("reckon score, merge, compare")
struct ScoreCLITests {
    private func score(_ arguments: [String]) throws -> ReckonProcess.Output {
        try ReckonProcess.run(["score"] + arguments)
    }

    private func items(_ directory: URL) throws -> [[String: Any]] {
        try String(contentsOf: directory.appendingPathComponent("items.jsonl"), encoding: .utf8)
            .split(separator: "\n").map { line in
                try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            }
    }

    @Test("oracle and garbler with --limit 3 score 1.0 and 0.0, and compare renders both in three formats")
    func scoreThenCompare() throws {
        let root = try ReckonProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let oracle = root.appendingPathComponent("oracle"), garbler = root.appendingPathComponent("garbler")
        let scored = try score(["--backend", "oracle", "--limit", "3", "--out", oracle.path])
        #expect(scored.status == 0, "\(scored.stderr)")
        #expect(scored.stdout.contains("| in-domain (ID) | 5 | 1.000 (3/3) [0.439, 1.000] |"))
        #expect(scored.stderr.contains("scoring 30 puzzles with oracle"))
        #expect(scored.stderr.contains("30/30 puzzles (100.0%)"))
        #expect(try score(["--backend", "garbler", "--limit", "3", "--batch-size", "4", "--out", garbler.path]).status == 0)

        let oracleReport = try RunDirectory(oracle).readReport()
        #expect(oracleReport.results.sets.count == 4)
        #expect(oracleReport.results.sets.allSatisfy { $0.total.passAt1 == 1 })
        let garblerReport = try RunDirectory(garbler).readReport()
        #expect(garblerReport.results.sets.allSatisfy { $0.total.valid == 0 })
        #expect(garblerReport.identity.backend.decoding.batchSize == 4)
        #expect(garblerReport.sessions.first?.environment.harnessVersion == "0.1.0")
        #expect(garblerReport.sessions.first?.environment.openBLASCore?.isEmpty == false)

        let markdown = try ReckonProcess.run(["compare", oracle.path, garbler.path, "--paper"])
        #expect(markdown.status == 0, "\(markdown.stderr)")
        #expect(markdown.stdout.hasPrefix("| set | N | oracle | oracle: shortcut | oracle: deep | garbler | "
            + "garbler: shortcut | garbler: deep | shortcut baseline | shortcut baseline: shortcut | "
            + "shortcut baseline: deep | paper 1M | paper 10M | paper 100M |\n"))
        // The first 3 in-domain puzzles per N: 4 of shortcut depth, 5 deep; the baseline over all 3,000.
        #expect(markdown.stdout.contains("|  | total | 1.000 (9/9) [0.701, 1.000] | 1.000 (4/4) [0.510, 1.000] | "
            + "1.000 (5/5) [0.566, 1.000] | 0.000 (0/9) [0.000, 0.299] | 0.000 (0/4) [0.000, 0.490] | "
            + "0.000 (0/5) [0.000, 0.434] | 0.445 (1335/3000) [0.427, 0.463] | 1.000 (1335/1335) [0.997, 1.000] | "
            + "0.000 (0/1665) [0.000, 0.002] | 0.216 | 0.383 | 0.443 |"))
        #expect(markdown.stdout.contains("| extended-component (OOD-F) | 8 | 1.000 (3/3) [0.439, 1.000] |"))
        #expect(markdown.stdout.contains("0.475 (475/1000) [0.444, 0.506]"))

        let shortcut = root.appendingPathComponent("shortcut")
        #expect(try score(["--backend", "shortcut", "--limit", "3", "--out", shortcut.path]).status == 0)
        let shortcutReport = try RunDirectory(shortcut).readReport()
        for set in shortcutReport.results.sets {
            #expect(set.total.valid == set.total.shortcut?.puzzles)
            #expect(set.total.deep?.valid == 0)
        }

        let json = try ReckonProcess.run(["compare", oracle.path, garbler.path, "--format", "json"])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect((object?["rows"] as? [Any])?.count == 13)
        #expect((object?["columns"] as? [[String: Any]])?.map { $0["label"] as? String } == ["oracle", "garbler"])

        let page = root.appendingPathComponent("table.html")
        let html = try ReckonProcess.run(["compare", oracle.path, garbler.path, "--paper", "--format", "html",
                                          "--out", page.path])
        #expect(html.status == 0)
        let text = try String(contentsOf: page, encoding: .utf8)
        #expect(text.hasPrefix("<!DOCTYPE html>"))
        #expect(text.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""))
    }

    @Test("reckon verify on items.jsonl gives the verdicts recorded in it")
    func verifyAgrees() throws {
        let root = try ReckonProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let run = root.appendingPathComponent("garbler")
        #expect(try score(["--backend", "garbler", "--limit", "20", "--out", run.path]).status == 0)
        let verified = try ReckonProcess.run(["verify", "--in", run.appendingPathComponent("items.jsonl").path])
        #expect(verified.status == 0)
        let verdicts = try verified.stdout.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        let recorded = try items(run)
        #expect(verdicts.count == 200)
        #expect(verdicts.count == recorded.count)
        for (verdict, item) in zip(verdicts, recorded) {
            #expect(verdict["id"] as? String == item["id"] as? String)
            #expect(verdict["valid"] as? Bool == item["valid"] as? Bool)
            #expect(verdict["error"] as? String == item["error"] as? String)
        }
        let codes = Set(recorded.compactMap { $0["error"] as? String })
        #expect(codes == ["format", "operand", "arithmetic", "overflow", "incomplete", "target"])
    }

    @Test("a run cut by kill -9 (torn last line, no run.json) resumes to the uninterrupted result")
    func resumeAfterKill() throws {
        let root = try ReckonProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let whole = root.appendingPathComponent("whole"), killed = root.appendingPathComponent("killed")
        let arguments = ["--backend", "garbler", "--limit", "5", "--sets", "extended-component,in-domain"]
        #expect(try score(arguments + ["--out", whole.path]).status == 0)
        #expect(try score(arguments + ["--out", killed.path]).status == 0)
        // What SIGKILL leaves: some lines, a torn one, no run.json and no session line for that process.
        let itemsURL = killed.appendingPathComponent("items.jsonl")
        let lines = try String(contentsOf: itemsURL, encoding: .utf8).split(separator: "\n")
        try (lines.prefix(7).joined(separator: "\n") + "\n" + lines[7].prefix(30)).write(to: itemsURL, atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(at: killed.appendingPathComponent("run.json"))
        try FileManager.default.removeItem(at: killed.appendingPathComponent("sessions.jsonl"))

        let resumed = try score(arguments + ["--out", killed.path])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stderr.contains("resuming: 7 of 20 puzzles already finished"))
        let expected = try RunDirectory(whole).readReport(), report = try RunDirectory(killed).readReport()
        #expect(report.identity == expected.identity)
        #expect(report.results == expected.results)
        #expect(report.sessions.map(\.completions) == [13])
        #expect(try String(contentsOf: itemsURL, encoding: .utf8)
            == String(contentsOf: whole.appendingPathComponent("items.jsonl"), encoding: .utf8))
    }

    @Test("shards scored separately and merged equal one unsharded run; a missing shard is refused")
    func shardsAndMerge() throws {
        let root = try ReckonProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let common = ["--backend", "garbler", "--limit", "2"]
        let whole = root.appendingPathComponent("whole")
        #expect(try score(common + ["--out", whole.path]).status == 0)
        let shards = (0..<3).map { root.appendingPathComponent("shard-\($0)") }
        for (index, shard) in shards.enumerated() {
            #expect(try score(common + ["--shard", "\(index)/3", "--out", shard.path]).status == 0)
        }
        let missing = try ReckonProcess.run(["merge", shards[0].path, shards[2].path, "--out", root.appendingPathComponent("bad").path])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("cannot merge: shards 1/3 are missing"))
        let merged = root.appendingPathComponent("merged")
        let result = try ReckonProcess.run(["merge"] + shards.map(\.path) + ["--out", merged.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try RunDirectory(merged).readReport().results == RunDirectory(whole).readReport().results)
        #expect(try String(contentsOf: merged.appendingPathComponent("items.jsonl"), encoding: .utf8)
            == String(contentsOf: whole.appendingPathComponent("items.jsonl"), encoding: .utf8))
    }

    @Test("bad requests are refused with a message naming the problem", arguments: [
        (["--model", "/nonexistent/model"], "--model /nonexistent/model: no such directory"),
        (["--model", "eval-sets"], "eval-sets: no config.json found"),
        (["--backend", "oracle", "--model", "eval-sets"], "--model and --backend exclude each other"),
        (["--backend", "oracle", "--adapter", "x"], "--adapter needs --model"),
        (["--backend", "oracle", "--shard", "3/3"], "shard index 3 is outside 0...2"),
        (["--backend", "oracle", "--sets", "in-domain,ood"], "unknown set 'ood'"),
        (["--backend", "oracle", "--limit", "0"], "--limit must be at least 1"),
        (["--backend", "oracle", "--eval-sets", "/nonexistent"],
         "/nonexistent: no eval sets (no manifest.json); run from the repository root or give --eval-sets DIR"),
    ])
    func refusals(_ arguments: [String], _ message: String) throws {
        let root = try ReckonProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let result = try score(arguments + ["--out", root.appendingPathComponent("run").path])
        #expect(result.status != 0)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("run/items.jsonl").path))
    }

    @Test("a run directory of other settings is refused, naming the difference")
    func mismatch() throws {
        let root = try ReckonProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let run = root.appendingPathComponent("run")
        #expect(try score(["--backend", "oracle", "--limit", "1", "--out", run.path]).status == 0)
        let other = try score(["--backend", "oracle", "--limit", "1", "--max-new-tokens", "50", "--out", run.path])
        #expect(other.status != 0)
        #expect(other.stderr.contains("holds a run with other settings"))
        #expect(other.stderr.contains("max new tokens: 160 there, 50 here"))
        #expect(other.stderr.contains("to resume that run, run the same command with --max-new-tokens 160; "
            + "or give --out DIR to start a new run"), "\(other.stderr)")
    }

    @Test("the refusal names the flags that give the recorded selection and decoding back, and they resume it")
    func mismatchFlags() throws {
        let root = try ReckonProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let run = root.appendingPathComponent("run")
        let recorded = ["--sets", "in-domain", "--limit", "2", "--batch-size", "4", "--max-new-tokens", "100"]
        #expect(try score(["--backend", "oracle"] + recorded + ["--out", run.path]).status == 0)
        let other = try score(["--backend", "oracle", "--limit", "3", "--shard", "0/2", "--out", run.path])
        #expect(other.status != 0)
        #expect(other.stderr.contains("limit: 2 there, 3 here"))
        #expect(other.stderr.contains("with --max-new-tokens 100 --batch-size 4 --sets in-domain --limit 2, "
            + "without --shard; or give --out DIR"), "\(other.stderr)")
        // Eval sets selected here only differ by --sets, not by their files.
        #expect(!other.stderr.contains("--eval-sets"))
        let resumed = try score(["--backend", "oracle", "--max-new-tokens", "100", "--batch-size", "4", "--sets",
                                 "in-domain", "--limit", "2", "--out", run.path])
        #expect(resumed.status == 0, "\(resumed.stderr)")
    }

    @Test("outside the repository root the missing eval sets are said once, naming --eval-sets")
    func outsideRepositoryRoot() throws {
        let elsewhere = try ReckonProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: elsewhere) }
        let result = try ReckonProcess.run(["score", "--backend", "oracle", "--limit", "1"], in: elsewhere)
        #expect(result.status != 0)
        #expect(result.stderr == "Error: eval-sets: no eval sets (no manifest.json); run from the repository root "
            + "or give --eval-sets DIR\n")
        #expect(!FileManager.default.fileExists(atPath: elsewhere.appendingPathComponent("results").path))
        // compare --paper computes the baseline from the eval sets, and says the same.
        let compared = try ReckonProcess.run(["compare", ReckonProcess.packageRoot.path + "/results/tiny-2k", "--paper"],
                                             in: elsewhere)
        #expect(compared.status != 0)
        #expect(compared.stderr == "Error: eval-sets: no eval sets (no manifest.json); run from the repository root "
            + "or give --eval-sets DIR\n")
    }

    @Test("compare says a missing directory does not exist, and how to finish a run that has not")
    func compareUnfinished() throws {
        let root = try ReckonProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let missing = try ReckonProcess.run(["compare", root.appendingPathComponent("nope").path])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("nope: no such directory"), "\(missing.stderr)")
        #expect(!missing.stderr.contains("has not finished"))

        let empty = try ReckonProcess.run(["compare", root.path])
        #expect(empty.stderr.contains("no run.json or identity.json (no run was started here)"), "\(empty.stderr)")

        let run = root.appendingPathComponent("run")
        #expect(try score(["--backend", "oracle", "--limit", "1", "--out", run.path]).status == 0)
        try FileManager.default.removeItem(at: run.appendingPathComponent("run.json"))
        let unfinished = try ReckonProcess.run(["compare", run.path])
        #expect(unfinished.status != 0)
        #expect(unfinished.stderr.contains("no run.json (the run has not finished); finish it by running the "
            + "command that started it again, which resumes it"), "\(unfinished.stderr)")
    }

    @Test("compare --paper shows the shortcut baseline once when a given run is it, and beside a partial one")
    func baselineOnce() throws {
        let committed = try ReckonProcess.run(["compare", "results/shortcut-baseline", "--paper"])
        #expect(committed.status == 0, "\(committed.stderr)")
        #expect(committed.stdout.hasPrefix("| set | N | shortcut-baseline | shortcut-baseline: shortcut | "
            + "shortcut-baseline: deep | paper 1M | paper 10M | paper 100M |\n"), "\(committed.stdout)")

        let root = try ReckonProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let partial = root.appendingPathComponent("shortcut")
        #expect(try score(["--backend", "shortcut", "--limit", "3", "--out", partial.path]).status == 0)
        let beside = try ReckonProcess.run(["compare", partial.path, "--paper"])
        #expect(beside.stdout.hasPrefix("| set | N | shortcut | shortcut: shortcut | shortcut: deep | shortcut baseline | "))
    }

    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    // About two seconds; runs only where a Chromium is installed (Debian: apt-get install chromium).
    @Test("the HTML comparison renders in headless Chromium with its chart", .enabled(if: chromium != nil))
    func htmlRendersInChromium() throws {
        let root = try ReckonProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let run = root.appendingPathComponent("oracle"), page = root.appendingPathComponent("table.html")
        #expect(try score(["--backend", "oracle", "--limit", "1", "--out", run.path]).status == 0)
        #expect(try ReckonProcess.run(["compare", run.path, "--paper", "--format", "html", "--out", page.path]).status == 0)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.chromium))
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr",
                             "--user-data-dir=\(root.appendingPathComponent("profile").path)", "--dump-dom", page.absoluteString]
        let output = root.appendingPathComponent("dom.html"), log = root.appendingPathComponent("log.txt")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = try FileHandle(forWritingTo: log)
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let dom = try String(contentsOf: output, encoding: .utf8)
        #expect(dom.contains("<svg"))
        // Overall chart: the oracle and the shortcut baseline in 4 sets, the paper's 3 columns in 4, a legend
        // of 5; deep chart: the oracle where its puzzles include a deep one, the baseline in 4, a legend of 2.
        let oracleDeepSets = try RunDirectory(run).readReport().results.sets.count { ($0.total.deep?.puzzles ?? 0) > 0 }
        #expect(dom.components(separatedBy: "<rect").count - 1 == (4 + 4 + 12 + 5) + (oracleDeepSets + 4 + 2))
        let messages = try String(contentsOf: log, encoding: .utf8)
        #expect(!messages.contains("CONSOLE"), "\(messages)")
    }
}
