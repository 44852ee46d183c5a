package import Foundation
import Hashing

/// `eval-sets/manifest.json`: how each committed set was made and the SHA-256 of its file.
package struct EvalSetManifest: Codable, Equatable, Sendable {
    /// Changes whenever the generator's procedure changes the bytes it writes.
    static let currentGeneratorVersion = "reckon-puzzles/1"

    package var generatorVersion: String
    package var sets: [Entry]

    package struct Entry: Codable, Equatable, Sendable {
        package var name: String
        package var paperLabel: String
        package var file: String
        package var seed: UInt64
        var numberRange: [Int64]
        package var counts: [Int]
        package var countPerN: Int
        package var puzzles: Int
        package var sha256: String
        /// Share of puzzles whose numbers all lie inside the training range 1...60.
        var inTrainingRangeShare: Double

        enum CodingKeys: String, CodingKey {
            case name, file, seed, counts, puzzles, sha256
            case paperLabel = "paper_label"
            case numberRange = "number_range"
            case countPerN = "count_per_n"
            case inTrainingRangeShare = "in_training_range_share"
        }
    }

    enum CodingKeys: String, CodingKey {
        case sets
        case generatorVersion = "generator_version"
    }

    package init(generated: [GeneratedEvalSet]) {
        generatorVersion = Self.currentGeneratorVersion
        sets = generated.map { set in
            Entry(name: set.set.name, paperLabel: set.set.paperLabel, file: set.set.fileName, seed: set.seed,
                  numberRange: [set.set.range.lowerBound, set.set.range.upperBound], counts: set.set.counts,
                  countPerN: set.countPerN, puzzles: set.puzzles.count, sha256: Self.sha256(set.fileBytes),
                  inTrainingRangeShare: (set.inTrainingRangeShare * 10_000).rounded() / 10_000)
        }
    }

    package static func sha256(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// Sorted keys and a trailing newline, so the file is byte-stable.
    package func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(self)
        data.append(0x0A)
        return data
    }

    package static func read(from url: URL) throws(EvalSetError) -> EvalSetManifest {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .unreadable(path: url.path, reason: "\(error.localizedDescription)")
        }
        do {
            return try JSONDecoder().decode(EvalSetManifest.self, from: data)
        } catch {
            throw .malformedManifest(path: url.path, reason: "not a valid manifest: \(error)")
        }
    }
}
