import Foundation

/// `reckon-benchmarks puzzles [COUNT]` | `load DIR...` | `tokenize DIR CORPUS` | `half-kernels`: throughput figures that the
/// scripts in scripts/ print next to the peers' (never timed in tests).
@main
enum Benchmarks {
    static func main() throws {
        let arguments = Array(CommandLine.arguments.dropFirst())
        switch arguments.first {
        case "puzzles", nil:
            try PuzzleBenchmarks.run(count: arguments.dropFirst().first.flatMap(Int.init) ?? 1_000_000)
        case "load" where arguments.count >= 2:
            try LoadBenchmarks.run(directories: Array(arguments.dropFirst()))
        case "tokenize" where arguments.count == 3:
            try TokenizerBenchmarks.run(model: arguments[1], corpus: arguments[2])
        case "half-kernels":
            HalfKernelBenchmarks.run(arguments: Array(arguments.dropFirst()))
        default:
            FileHandle.standardError.write(Data("usage: reckon-benchmarks puzzles [COUNT] | load DIR... | tokenize DIR CORPUS | half-kernels [H I L V]\\n".utf8))
            exit(2)
        }
    }

    struct Rate {
        var items: Int
        var cpuSeconds: Double
        var wallSeconds: Double
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
}
