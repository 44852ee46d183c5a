package import Foundation
import Puzzles

/// The committed `eval-sets/` folder: writing it, and checking it against a fresh regeneration.
package enum EvalSetDirectory {
    package static let manifestName = "manifest.json"

    /// Generates every standard set and writes the JSONL files and the manifest into `directory`.
    @discardableResult
    package static func write(
        to directory: URL, seed: UInt64 = StandardSet.canonicalSeed,
        countPerN: Int = StandardSet.canonicalCountPerN
    ) throws(EvalSetError) -> EvalSetManifest {
        let generated = try EvalSetGenerator.generate(seed: seed, countPerN: countPerN)
        for set in generated {
            try OutputFile.write(set.fileBytes, to: directory.appendingPathComponent(set.set.fileName))
        }
        let manifest = EvalSetManifest(generated: generated)
        try OutputFile.write(try encode(manifest, directory), to: directory.appendingPathComponent(manifestName))
        let depth = try depthTable(of: generated, in: directory)
        try OutputFile.write(depth.fileBytes, to: directory.appendingPathComponent(DepthTable.fileName))
        try OutputFile.write(depth.table.encodedIndex(), to: directory.appendingPathComponent(DepthTable.indexName))
        return manifest
    }

    /// The shortcut depth of every puzzle of the sets, read back from their files in `directory`.
    static func depthTable(of generated: [GeneratedEvalSet], in directory: URL) throws(EvalSetError)
        -> (table: DepthTable, fileBytes: [UInt8]) {
        var sets: [(name: String, sha256: String, items: [EvalItem])] = []
        for set in generated {
            let items = try EvalItem.readAll(from: directory.appendingPathComponent(set.set.fileName))
            sets.append((set.set.name, EvalSetManifest.sha256(set.fileBytes), items))
        }
        return try DepthTable.compute(sets: sets)
    }

    /// Regenerates the sets from the manifest's seed and counts and compares manifest, hashes and
    /// bytes; also checks that the sets are pairwise disjoint on exact keys and that every reference
    /// response verifies. Returns the problems found (empty when everything matches).
    package static func check(_ directory: URL) throws(EvalSetError) -> [String] {
        let manifestURL = directory.appendingPathComponent(manifestName)
        let manifest = try EvalSetManifest.read(from: manifestURL)
        var problems: [String] = []
        guard manifest.generatorVersion == EvalSetManifest.currentGeneratorVersion else {
            return ["\(manifestURL.path): generator_version is \(manifest.generatorVersion), this reckon writes "
                + "\(EvalSetManifest.currentGeneratorVersion); regenerate with `reckon eval-sets write`"]
        }
        guard let first = manifest.sets.first,
              manifest.sets.allSatisfy({ $0.seed == first.seed && $0.countPerN == first.countPerN })
        else {
            return ["\(manifestURL.path): the sets must share one seed and one count per N"]
        }
        let generated = try EvalSetGenerator.generate(seed: first.seed, countPerN: first.countPerN)
        let expected = EvalSetManifest(generated: generated)
        if expected != manifest {
            problems.append("\(manifestURL.path): differs from the manifest a regeneration writes: "
                + describeDifference(expected: expected, actual: manifest))
        }
        for set in generated {
            let url = directory.appendingPathComponent(set.set.fileName)
            guard let data = FileManager.default.contents(atPath: url.path) else {
                problems.append("\(url.path): missing")
                continue
            }
            let actual = [UInt8](data)
            if actual != set.fileBytes {
                problems.append("\(url.path): \(firstDifference(expected: set.fileBytes, actual: actual))")
            }
            if let entry = manifest.sets.first(where: { $0.name == set.set.name }),
               entry.sha256 != EvalSetManifest.sha256(actual) {
                problems.append("\(url.path): SHA-256 \(EvalSetManifest.sha256(actual)) differs from the "
                    + "manifest's \(entry.sha256)")
            }
        }
        problems += consistencyProblems(generated)
        if problems.isEmpty {
            problems += try depthProblems(generated, directory)
        }
        return problems
    }

    /// Recomputes every puzzle's shortcut depth and compares `depth.jsonl` and `depth.json` byte for byte.
    private static func depthProblems(_ generated: [GeneratedEvalSet], _ directory: URL) throws(EvalSetError) -> [String] {
        let expected = try depthTable(of: generated, in: directory)
        var problems: [String] = []
        for (name, bytes) in [(DepthTable.fileName, expected.fileBytes),
                              (DepthTable.indexName, expected.table.encodedIndex())] {
            let url = directory.appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: url.path) else {
                problems.append("\(url.path): missing (write it with `reckon eval-sets write`)")
                continue
            }
            if [UInt8](data) != bytes {
                problems.append("\(url.path): \(firstDifference(expected: bytes, actual: [UInt8](data)))")
            }
        }
        return problems
    }

    /// Exact-key disjointness, unique ids, and reference responses that verify.
    static func consistencyProblems(_ generated: [GeneratedEvalSet]) -> [String] {
        var problems: [String] = []
        var owner: [Puzzle.CanonicalKey: String] = [:]
        for set in generated {
            for puzzle in set.puzzles {
                let key = puzzle.puzzle.canonicalKey
                if let other = owner[key] {
                    problems.append("puzzle \(puzzle.puzzle.prompt) appears in both \(other) and \(set.set.name)")
                }
                owner[key] = set.set.name
                let verdict = Verifier.verify(puzzle.response, for: puzzle.puzzle)
                if !verdict.isValid {
                    problems.append("\(set.set.name): reference response of \(puzzle.puzzle.prompt) is \(verdict)")
                }
            }
        }
        return problems
    }

    private static func encode(_ manifest: EvalSetManifest, _ directory: URL) throws(EvalSetError) -> [UInt8] {
        do {
            return [UInt8](try manifest.encoded())
        } catch {
            throw .unwritable(path: directory.appendingPathComponent(manifestName).path, reason: "\(error)")
        }
    }

    private static func firstDifference(expected: [UInt8], actual: [UInt8]) -> String {
        let expectedLines = expected.split(separator: 0x0A, omittingEmptySubsequences: false)
        let actualLines = actual.split(separator: 0x0A, omittingEmptySubsequences: false)
        for index in 0..<max(expectedLines.count, actualLines.count) {
            let want = index < expectedLines.count ? String(decoding: expectedLines[index], as: UTF8.self) : "<end of file>"
            let got = index < actualLines.count ? String(decoding: actualLines[index], as: UTF8.self) : "<end of file>"
            if want != got {
                return "line \(index + 1) differs from the regenerated file: expected \(want.prefix(160)), found \(got.prefix(160))"
            }
        }
        return "bytes differ from the regenerated file"
    }

    private static func describeDifference(expected: EvalSetManifest, actual: EvalSetManifest) -> String {
        if expected.sets.map(\.name) != actual.sets.map(\.name) {
            return "sets \(actual.sets.map(\.name)) instead of \(expected.sets.map(\.name))"
        }
        for (want, got) in zip(expected.sets, actual.sets) where want != got {
            return "entry \(got.name) is \(got), expected \(want)"
        }
        return "generator version or layout differs"
    }
}
