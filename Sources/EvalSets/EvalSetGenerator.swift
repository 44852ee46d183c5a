package import Puzzles

/// One generated standard set and its JSONL bytes.
package struct GeneratedEvalSet: Sendable {
    package var set: StandardSet
    package var seed: UInt64
    package var countPerN: Int
    package var puzzles: [GeneratedPuzzle]
    package var fileBytes: [UInt8]

    /// Share of puzzles whose numbers all lie in the training range 1...60.
    var inTrainingRangeShare: Double {
        guard !puzzles.isEmpty else { return 0 }
        let inside = puzzles.filter { $0.puzzle.numbers.allSatisfy(StandardSet.trainingRange.contains) }.count
        return Double(inside) / Double(puzzles.count)
    }
}

/// Generates the standard test sets in their fixed order, each excluding the keys of those before it.
package enum EvalSetGenerator {
    /// The sets up to and including `last` (all four when nil), in generation order.
    package static func generate(
        seed: UInt64 = StandardSet.canonicalSeed,
        countPerN: Int = StandardSet.canonicalCountPerN,
        through last: StandardSet? = nil
    ) throws(EvalSetError) -> [GeneratedEvalSet] {
        var excluded = Set<PuzzleFingerprint>()
        var result: [GeneratedEvalSet] = []
        for set in StandardSet.allCases {
            let puzzles: [GeneratedPuzzle]
            do {
                puzzles = try PuzzleGenerator.generateSet(
                    name: set.name, distribution: set.distribution, countPerN: countPerN, seed: seed,
                    excluding: &excluded)
            } catch {
                throw .generation(error.description)
            }
            result.append(GeneratedEvalSet(set: set, seed: seed, countPerN: countPerN, puzzles: puzzles,
                                           fileBytes: render(set: set, puzzles: puzzles)))
            if set == last { break }
        }
        return result
    }

    /// Keys of the committed test sets, which training data must never contain.
    package static func committedTestSetFingerprints() throws(EvalSetError) -> Set<PuzzleFingerprint> {
        var keys = Set<PuzzleFingerprint>()
        for generated in try generate() {
            for puzzle in generated.puzzles { keys.insert(PuzzleFingerprint(puzzle.puzzle)) }
        }
        return keys
    }

    static func render(set: StandardSet, puzzles: [GeneratedPuzzle]) -> [UInt8] {
        var writer = PuzzleRecordWriter(capacity: puzzles.count * 160)
        var indexPerN: [Int: Int] = [:]
        for puzzle in puzzles {
            let n = puzzle.puzzle.numbers.count
            let index = indexPerN[n, default: 0]
            indexPerN[n] = index + 1
            writer.append(id: StandardSet.itemID(set: set.name, n: n, index: index), set: set.name, puzzle: puzzle)
        }
        return writer.bytes
    }
}
