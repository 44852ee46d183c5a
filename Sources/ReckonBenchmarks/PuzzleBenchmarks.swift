import EvalSets
import Foundation
import Puzzles

/// In-process throughput of the puzzle engine on one core: generating training data as JSONL and
/// verifying completions. Rates are per second of this thread's CPU time (robust on a shared
/// machine) and per wall second.
@main
struct PuzzleBenchmarks {
    static func main() throws {
        let arguments = CommandLine.arguments.dropFirst()
        let count = arguments.first.flatMap(Int.init) ?? 1_000_000
        let generation = try measureGeneration(count: count)
        print(generation.line("generate train JSONL (in process)", unit: "puzzles"))
        let verification = try measureVerification(puzzles: 200_000, passes: max(1, count / 100_000))
        print(verification.line("verify completions (in process)", unit: "verdicts"))
        for set in try EvalSetGenerator.generate() {
            let puzzles = set.puzzles.map(\.puzzle)
            var solved = 0
            let rate = measure(puzzles.count) {
                for puzzle in puzzles where Solver.solve(puzzle) != nil { solved += 1 }
            }
            precondition(solved == puzzles.count, "a generated puzzle was not solved")
            print(rate.line("solve \(set.set.name)", unit: "puzzles"))
        }
    }

    struct Rate {
        var items: Int
        var cpuSeconds: Double
        var wallSeconds: Double

        func line(_ name: String, unit: String) -> String {
            String(format: "%-40@ %10d %@  %12.0f %@/CPU-s  %12.0f %@/s wall", name as NSString, items, unit,
                   Double(items) / cpuSeconds, unit, Double(items) / wallSeconds, unit)
        }
    }

    static func threadCPUTime() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }

    static func wallTime() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }

    static func measure(_ items: Int, _ body: () throws -> Void) rethrows -> Rate {
        let cpu = threadCPUTime(), wall = wallTime()
        try body()
        return Rate(items: items, cpuSeconds: threadCPUTime() - cpu, wallSeconds: wallTime() - wall)
    }

    static func measureGeneration(count: Int) throws -> Rate {
        let excluded = try EvalSetGenerator.committedTestSetFingerprints()
        let training = PuzzleDistribution(fixedCounts: StandardSet.trainingCounts, range: StandardSet.trainingRange)
        var stream = TrainingStream(distribution: training, seed: 1, excluding: excluded)
        stream.reserveCapacity(count)
        var writer = PuzzleRecordWriter(capacity: 1 << 21)
        var bytes = 0
        let rate = try measure(count) {
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

    static func measureVerification(puzzles: Int, passes: Int) throws -> Rate {
        let training = PuzzleDistribution(fixedCounts: StandardSet.trainingCounts, range: StandardSet.trainingRange)
        var stream = TrainingStream(distribution: training, seed: 2, excluding: [])
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
        let rate = measure(puzzles * passes) {
            for _ in 0..<passes {
                for (puzzle, completion) in cases where Verifier.verify(completion, for: puzzle).isValid {
                    valid += 1
                }
            }
        }
        precondition(valid >= puzzles * passes / 2, "valid references did not verify")
        return rate
    }
}
