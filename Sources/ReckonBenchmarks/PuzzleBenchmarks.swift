import EvalSets
import Foundation
import Puzzles

/// In-process throughput of the puzzle engine on one core: generating training data as JSONL,
/// verifying completions and solving the test sets. Rates are per second of this thread's CPU time
/// (robust on a shared machine) and per wall second.
enum PuzzleBenchmarks {
    static func run(count: Int) throws {
        let generation = try measureGeneration(count: count)
        print(line(generation, "generate train JSONL (in process)", unit: "puzzles"))
        let verification = try measureVerification(puzzles: 200_000, passes: max(1, count / 100_000))
        print(line(verification, "verify completions (in process)", unit: "verdicts"))
        for set in try EvalSetGenerator.generate() {
            let puzzles = set.puzzles.map(\.puzzle)
            var solved = 0
            let rate = Benchmarks.measure(puzzles.count) {
                for puzzle in puzzles where Solver.solve(puzzle) != nil { solved += 1 }
            }
            precondition(solved == puzzles.count, "a generated puzzle was not solved")
            print(line(rate, "solve \(set.set.name)", unit: "puzzles"))
        }
    }

    static func measureGeneration(count: Int) throws -> Benchmarks.Rate {
        let excluded = try EvalSetGenerator.committedTestSetFingerprints()
        let training = PuzzleDistribution(fixedCounts: StandardSet.trainingCounts, range: StandardSet.trainingRange)
        var stream = try TrainingStream(distribution: training, seed: 1, excluding: excluded)
        stream.reserveCapacity(count)
        var writer = PuzzleRecordWriter(capacity: 1 << 21)
        var bytes = 0
        let rate = try Benchmarks.measure(count) {
            for _ in 0..<count {
                try stream.withNext { index, numbers, target, steps in
                    writer.append(set: "train", index: index, numbers: numbers, target: target, steps: steps)
                }
                if writer.bytes.count >= 1 << 20 {
                    bytes += writer.bytes.count
                    writer.removeAll()
                }
            }
        }
        bytes += writer.bytes.count
        precondition(bytes > count * 50, "the benchmark wrote too little")
        return rate
    }

    static func measureVerification(puzzles: Int, passes: Int) throws -> Benchmarks.Rate {
        let training = PuzzleDistribution(fixedCounts: StandardSet.trainingCounts, range: StandardSet.trainingRange)
        var stream = try TrainingStream(distribution: training, seed: 2, excluding: [])
        var cases: [(Puzzle, String)] = []
        cases.reserveCapacity(puzzles)
        for index in 0..<puzzles {
            let generated = try stream.next()
            var response = generated.response
            // Half valid, half with a typical model mistake (a wrong result or a dropped step).
            if index % 4 == 1 { response = generated.steps.dropLast().responseText }
            if index % 4 == 3 { response = response.replacingOccurrences(of: "=", with: "=1") }
            cases.append((generated.puzzle, response))
        }
        var valid = 0
        let rate = Benchmarks.measure(puzzles * passes) {
            for _ in 0..<passes {
                for (puzzle, completion) in cases where Verifier.verify(completion, for: puzzle).isValid {
                    valid += 1
                }
            }
        }
        precondition(valid >= puzzles * passes / 2, "valid references did not verify")
        return rate
    }

    static func line(_ rate: Benchmarks.Rate, _ name: String, unit: String) -> String {
        String(format: "%-40@ %10d %@  %12.0f %@/CPU-s  %12.0f %@/s wall", name as NSString, rate.items, unit,
               Double(rate.items) / rate.cpuSeconds, unit, Double(rate.items) / rate.wallSeconds, unit)
    }
}
