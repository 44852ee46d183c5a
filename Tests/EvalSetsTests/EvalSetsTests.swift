import EvalSets
import Foundation
import Puzzles
import Testing

private let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
private let committed = packageRoot.appendingPathComponent("eval-sets")

private func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("reckon-evalsets-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

@Suite("Committed test sets")
struct CommittedEvalSetTests {
    @Test("eval-sets/ regenerates byte for byte from its manifest")
    func committedCheck() throws {
        #expect(try EvalSetDirectory.check(committed) == [])
    }

    @Test("the committed sets have the spec's sizes, fields and distributions")
    func shapes() throws {
        let manifest = try EvalSetManifest.read(from: committed.appendingPathComponent("manifest.json"))
        #expect(manifest.sets.map(\.name) == StandardSet.allCases.map(\.name))
        var ids = Set<String>()
        for set in StandardSet.allCases {
            let items = try EvalItem.readAll(from: committed.appendingPathComponent(set.fileName))
            #expect(items.count == set.counts.count * 1000)
            for n in set.counts {
                #expect(items.filter { $0.n == n }.count == 1000)
            }
            for item in items {
                #expect(item.set == set.name)
                #expect(ids.insert(item.id).inserted)
                #expect(item.numbers.allSatisfy(set.range.contains))
                #expect(Set(item.numbers).count == item.n)
                #expect(Verifier.verify(item.response, for: item.puzzle).isValid)
            }
        }
    }
}

@Suite("Eval-set files")
struct EvalSetFileTests {
    @Test("write then check passes; a changed byte, a changed manifest or a missing file is reported")
    func tamper() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try EvalSetDirectory.write(to: directory, seed: 5, countPerN: 20)
        #expect(try EvalSetDirectory.check(directory) == [])

        let file = directory.appendingPathComponent("in-domain.jsonl")
        var bytes = try Data(contentsOf: file)
        let original = bytes
        bytes[bytes.index(bytes.startIndex, offsetBy: 40)] ^= 0x01
        try bytes.write(to: file)
        let problems = try EvalSetDirectory.check(directory)
        #expect(problems.contains { $0.contains("in-domain.jsonl: line 1 differs") })
        #expect(problems.contains { $0.contains("SHA-256") })
        try original.write(to: file)

        let manifestURL = directory.appendingPathComponent("manifest.json")
        let manifestText = try String(contentsOf: manifestURL, encoding: .utf8)
        try manifestText.replacingOccurrences(of: "\"paper_label\" : \"ID\"", with: "\"paper_label\" : \"X\"")
            .write(to: manifestURL, atomically: true, encoding: .utf8)
        #expect(try EvalSetDirectory.check(directory).contains { $0.contains("manifest.json: differs") })
        try manifestText.write(to: manifestURL, atomically: true, encoding: .utf8)

        try FileManager.default.removeItem(at: directory.appendingPathComponent("extended-component.jsonl"))
        #expect(try EvalSetDirectory.check(directory).contains { $0.contains("extended-component.jsonl: missing") })
    }

    @Test("a missing or malformed manifest is an error naming the file")
    func badManifest() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(throws: EvalSetError.self) { _ = try EvalSetDirectory.check(directory) }
        try Data("{not json".utf8).write(to: directory.appendingPathComponent("manifest.json"))
        do {
            _ = try EvalSetDirectory.check(directory)
            Issue.record("accepted a malformed manifest")
        } catch {
            #expect(error.description.contains("manifest.json"))
        }
    }

    @Test("reading a test-set file names the malformed line")
    func malformedLine() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("set.jsonl")
        let good = #"{"id":"a","set":"s","n":2,"numbers":[1,2],"target":3,"prompt":"1, 2: 3","response":"1+2=3"}"#
        try Data((good + "\n" + #"{"id":"b"}"# + "\n").utf8).write(to: file)
        do {
            _ = try EvalItem.readAll(from: file)
            Issue.record("accepted a malformed line")
        } catch {
            #expect(error.description.contains("set.jsonl:2:"))
        }
        let inconsistent = good.replacingOccurrences(of: "\"target\":3", with: "\"target\":4")
        try Data(inconsistent.utf8).write(to: file)
        #expect(throws: EvalSetError.self) { _ = try EvalItem.readAll(from: file) }
    }

    @Test("an output file appears only when committed")
    func atomicOutput() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("out.jsonl")
        do {
            let file = try OutputFile(url: url)
            try file.write(Array("partial".utf8))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
        let file = try OutputFile(url: url)
        try file.write(Array("done".utf8))
        try file.commit()
        #expect(try String(contentsOf: url, encoding: .utf8) == "done")
    }

    @Test("training fingerprints cover every committed test puzzle")
    func trainingExclusion() throws {
        let keys = try EvalSetGenerator.committedTestSetFingerprints()
        #expect(keys.count == 10_000)
        let items = try EvalItem.readAll(from: committed.appendingPathComponent("extended-component.jsonl"))
        #expect(items.allSatisfy { keys.contains(PuzzleFingerprint($0.puzzle)) })
    }
}
