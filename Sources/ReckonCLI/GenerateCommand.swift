import ArgumentParser
import EvalSets
import Foundation
import Puzzles

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write puzzles as JSONL: a standard test set, training data, or a custom distribution.",
        discussion: """
            Test sets (in-domain, extended-number-range, extended-number-range-1000, extended-component) \
            and custom sets get --count puzzles per N; a test set excludes every puzzle of the sets \
            generated before it with the same seed and count, so `generate --set in-domain --count 1000` \
            reproduces eval-sets/in-domain.jsonl. Training data (--set train) gets --count puzzles in \
            all, N drawn uniformly, never a puzzle of the committed test sets and never the same puzzle \
            twice. --numbers and --range change the distribution of train and custom; --min-depth K keeps \
            only puzzles of shortcut depth K or more (docs/rules.md section 7: 3 leaves out every puzzle \
            that collapsing numbers to 0 solves without planning), discarding the other draws \
            deterministically.
            """
    )

    @Option(help: "in-domain, extended-number-range, extended-number-range-1000, extended-component, train or custom.")
    var set: String

    @Option(help: "Puzzles per N for test and custom sets; puzzles in all for train.")
    var count: Int

    @Option(help: "Seed of the generator.")
    var seed: UInt64 = StandardSet.canonicalSeed

    @Option(help: "Candidate counts, comma-separated (train and custom), e.g. 5,6,7.")
    var numbers: String?

    @Option(help: "Inclusive value range (train and custom), e.g. 1...60.")
    var range: String?

    @Option(help: ArgumentHelp("Keep only puzzles of at least this shortcut depth (train and custom).", valueName: "k"))
    var minDepth: Int = 0

    @Option(help: "Output file (default: standard output).")
    var out: String?

    func validate() throws {
        guard count >= 0 else { throw ValidationError("--count must not be negative") }
        let known = StandardSet.allCases.map(\.name) + ["train", "custom"]
        guard known.contains(set) else {
            throw ValidationError("unknown set '\(set)'; choose one of \(known.joined(separator: ", "))")
        }
        if StandardSet(rawValue: set) != nil, numbers != nil || range != nil {
            throw ValidationError("the standard sets have fixed distributions; use --set custom or --set train "
                + "with --numbers and --range")
        }
        if StandardSet(rawValue: set) != nil, minDepth != 0 {
            throw ValidationError("the standard sets reproduce the paper and keep every depth; --min-depth is for "
                + "--set train and --set custom")
        }
        if set == "custom", numbers == nil || range == nil {
            throw ValidationError("--set custom needs --numbers and --range")
        }
    }

    func run() throws {
        let output = try OutputDestination(path: out)
        if let standard = StandardSet(rawValue: set) {
            let sets = try EvalSetGenerator.generate(seed: seed, countPerN: count, through: standard)
            if let last = sets.last { try output.write(last.fileBytes) }
        } else if set == "custom" {
            let distribution = try customDistribution(default: nil)
            var excluded = Set<PuzzleFingerprint>()
            let puzzles = try PuzzleGenerator.generateSet(
                name: "custom", distribution: distribution, countPerN: count, seed: seed, minimumDepth: minDepth,
                excluding: &excluded)
            var writer = PuzzleRecordWriter()
            var indexPerN: [Int: Int] = [:]
            for puzzle in puzzles {
                let n = puzzle.puzzle.numbers.count
                let index = indexPerN[n, default: 0]
                indexPerN[n] = index + 1
                writer.append(id: StandardSet.itemID(set: "custom", n: n, index: index), set: "custom", puzzle: puzzle)
            }
            try output.write(writer.bytes)
        } else {
            try writeTraining(to: output)
        }
        try output.finish()
    }

    private func writeTraining(to output: OutputDestination) throws {
        let training = PuzzleDistribution(fixedCounts: StandardSet.trainingCounts, range: StandardSet.trainingRange)
        let distribution = try customDistribution(default: training)
        var stream = try TrainingStream(
            distribution: distribution, seed: seed, minimumDepth: minDepth,
            excluding: try EvalSetGenerator.committedTestSetFingerprints())
        stream.reserveCapacity(count)
        var writer = PuzzleRecordWriter(capacity: 1 << 21)
        for _ in 0..<count {
            try stream.withNext { index, numbers, target, steps in
                writer.append(set: "train", index: index, numbers: numbers, target: target, steps: steps)
            }
            if writer.bytes.count >= 1 << 20 {
                try output.write(writer.bytes)
                writer.removeAll()
            }
        }
        try output.write(writer.bytes)
    }

    private func customDistribution(default fallback: PuzzleDistribution?) throws -> PuzzleDistribution {
        let counts = try numbers.map(Self.parseCounts) ?? fallback?.counts ?? []
        let bounds = try range.map(Self.parseRange) ?? fallback?.range ?? 1...60
        return try PuzzleDistribution(counts: counts, range: bounds)
    }

    static func parseCounts(_ text: String) throws -> [Int] {
        try text.split(separator: ",", omittingEmptySubsequences: false).map { field in
            guard let value = Int(field.trimmingCharacters(in: .whitespaces)) else {
                throw ValidationError("--numbers: '\(field)' is not an integer (expected e.g. 5,6,7)")
            }
            return value
        }
    }

    static func parseRange(_ text: String) throws -> ClosedRange<Int64> {
        let parts = text.components(separatedBy: "...")
        guard parts.count == 2, let low = Int64(parts[0].trimmingCharacters(in: .whitespaces)),
              let high = Int64(parts[1].trimmingCharacters(in: .whitespaces)) else {
            throw ValidationError("--range: '\(text)' is not a range like 1...60")
        }
        guard low <= high else { throw ValidationError("--range: \(low) is larger than \(high)") }
        return low...high
    }
}
