import ArgumentParser
import EvalSets
import Foundation

struct EvalSetsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval-sets",
        abstract: "Write or check the committed test sets in eval-sets/.",
        subcommands: [Write.self, Check.self]
    )

    struct Write: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Generate the four test sets and their manifest.")

        @Option(help: "Directory to write into.")
        var dir: String = "eval-sets"

        @Option(help: "Seed of the generator.")
        var seed: UInt64 = StandardSet.canonicalSeed

        @Option(help: "Puzzles per N.")
        var countPerN: Int = StandardSet.canonicalCountPerN

        func run() throws {
            guard countPerN > 0 else { throw ValidationError("--count-per-n must be positive") }
            let manifest = try EvalSetDirectory.write(to: URL(fileURLWithPath: dir), seed: seed, countPerN: countPerN)
            for entry in manifest.sets {
                print("\(dir)/\(entry.file): \(entry.puzzles) puzzles, sha256 \(entry.sha256)")
            }
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Regenerate the sets from the manifest and compare hashes and bytes.")

        @Option(help: "Directory to check.")
        var dir: String = "eval-sets"

        func run() throws {
            let problems = try EvalSetDirectory.check(URL(fileURLWithPath: dir))
            guard problems.isEmpty else {
                for problem in problems { printError("error: \(problem)") }
                throw CommandError("\(dir): \(problems.count) problem(s); the files differ from what the manifest regenerates")
            }
            print("\(dir): all sets match their manifest and regenerate byte for byte")
        }
    }
}
