import EvalSets
@testable import Evaluation
import Foundation
import Testing

@Suite("Shards and merging")
struct RunMergerTests {
    /// Runs every shard of `count` into `root/shard-I` and returns their directories.
    private func runShards(_ count: Int, in root: URL, backend: any CompletionBackend) throws -> [URL] {
        try (0..<count).map { index in
            let url = root.appendingPathComponent("shard-\(index)")
            _ = try TestSupport.runner(url, shard: try Shard(index: index, count: count)).run(backend: backend)
            return url
        }
    }

    @Test("shards split the selection round robin and merge into the files of an unsharded run", arguments: [1, 3, 7])
    func mergeEqualsUnsharded(count: Int) throws {
        let root = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let garbler = RuleBackend(.garbler(TestSupport.references), decoding: DecodingSettings(batchSize: 2))
        let whole = root.appendingPathComponent("whole"), merged = root.appendingPathComponent("merged")
        let expected = try TestSupport.runner(whole).run(backend: garbler)
        let shards = try runShards(count, in: root, backend: garbler)
        let shardSizes = try shards.map { try RunDirectory($0).readReport().results.sets.reduce(0) { $0 + $1.total.puzzles } }
        #expect(shardSizes.reduce(0, +) == 40)
        #expect(shardSizes.max()! - shardSizes.min()! <= 1)
        let report = try RunMerger.merge(shards: shards.reversed(), into: merged, evalSetsDirectory: TestSupport.evalSets)
        #expect(report.identity == expected.identity)
        #expect(report.results == expected.results)
        #expect(report.sessions.count == count)
        #expect(Set(report.sessions.compactMap(\.shard?.index)) == Set(0..<count))
        #expect(try TestSupport.text(RunDirectory(merged).itemsURL) == TestSupport.text(RunDirectory(whole).itemsURL))
        #expect(try RunDirectory(merged).readReport() == report)
    }

    @Test("merging refuses missing, repeated, unfinished and mismatched shards")
    func refusals() throws {
        let root = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let oracle = RuleBackend(.oracle(TestSupport.references))
        let shards = try runShards(3, in: root, backend: oracle)
        func refused(_ directories: [URL], _ message: String) {
            let out = root.appendingPathComponent("out-\(UUID().uuidString)")
            #expect {
                try RunMerger.merge(shards: directories, into: out, evalSetsDirectory: TestSupport.evalSets)
            } throws: { error in
                guard case let EvaluationError.mergeRefused(reason) = error else { return false }
                return reason.contains(message)
            }
            #expect(!FileManager.default.fileExists(atPath: out.path))
        }
        refused([shards[0], shards[1]], "shards 2/3 are missing")
        refused([shards[0], shards[1], shards[2], shards[1]], "shard 1/3 is given twice")

        let otherCount = root.appendingPathComponent("of-two")
        _ = try TestSupport.runner(otherCount, shard: try Shard(index: 1, count: 2)).run(backend: oracle)
        refused([shards[0], otherCount, shards[2]], "is shard 1/2, the others are of 3")

        let otherDecoding = root.appendingPathComponent("other-decoding")
        _ = try TestSupport.runner(otherDecoding, shard: try Shard(index: 1, count: 3))
            .run(backend: RuleBackend(.oracle(TestSupport.references), decoding: DecodingSettings(maxNewTokens: 64)))
        refused([shards[0], otherDecoding, shards[2]], "max new tokens: 64 there, 160 here")

        let unfinished = root.appendingPathComponent("unfinished")
        _ = try? TestSupport.runner(unfinished, shard: try Shard(index: 2, count: 3))
            .run(backend: StoppingBackend(inner: oracle, limit: 2))
        refused([shards[0], shards[1], unfinished], "has not finished (no run.json)")

        let unsharded = root.appendingPathComponent("unsharded")
        _ = try TestSupport.runner(unsharded).run(backend: oracle)
        refused([shards[0], unsharded], "was run without --shard")
    }

    @Test("a shard whose items.jsonl gained another shard's puzzle is refused as overlapping")
    func overlap() throws {
        let root = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let shards = try runShards(2, in: root, backend: RuleBackend(.oracle(TestSupport.references)))
        let first = try TestSupport.text(RunDirectory(shards[0]).itemsURL)
        let stolen = try TestSupport.text(RunDirectory(shards[1]).itemsURL).split(separator: "\n")[0]
        try (first + stolen + "\n").write(to: RunDirectory(shards[0]).itemsURL, atomically: true, encoding: .utf8)
        #expect {
            try RunMerger.merge(shards: shards, into: root.appendingPathComponent("out"),
                                evalSetsDirectory: TestSupport.evalSets)
        } throws: { error in
            guard case let EvaluationError.mergeRefused(reason) = error else { return false }
            return reason.contains("item in-domain-5-0001 belongs to shard 1/2, not 0/2")
        }
    }

    @Test("a verdict edited in a shard's items.jsonl is caught by re-verification when merging")
    func editedVerdict() throws {
        let root = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let shards = try runShards(2, in: root, backend: RuleBackend(.garbler(TestSupport.references)))
        let itemsURL = RunDirectory(shards[1]).itemsURL
        var lines = try TestSupport.text(itemsURL).split(separator: "\n").map(String.init)
        let index = try #require(lines.firstIndex { $0.contains(#""error":"format""#) })
        lines[index] = lines[index].replacingOccurrences(of: #""valid":false,"error":"format""#, with: #""valid":true,"error":null"#)
        try (lines.joined(separator: "\n") + "\n").write(to: itemsURL, atomically: true, encoding: .utf8)
        #expect {
            try RunMerger.merge(shards: shards, into: root.appendingPathComponent("out"), evalSetsDirectory: TestSupport.evalSets)
        } throws: { error in
            guard case let EvaluationError.malformedFile(_, _, reason) = error else { return false }
            return reason.hasSuffix("records valid but the verifier says invalid (format)")
        }
    }

    @Test("shard syntax: I/N with 0 <= I < N")
    func shardParsing() throws {
        #expect(try Shard(parsing: "2/4") == Shard(index: 2, count: 4))
        for (text, message) in [("4/4", "outside 0...3"), ("1-4", "not I/N"), ("0/0", "at least 1"), ("-1/3", "outside")] {
            #expect {
                try Shard(parsing: text)
            } throws: { error in
                guard case let EvaluationError.invalidShard(reason) = error else { return false }
                return reason.contains(message)
            }
        }
    }
}
