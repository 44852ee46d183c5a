import ArgumentParser
import Evaluation
import Foundation

struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge the finished shard directories of one run (score --shard I/N) into one run directory.",
        discussion: """
            Every shard 0..N-1 must be given exactly once, finished, and scored with the same model, \
            adapter, decoding settings, sets, limit and eval-set hashes. The merged directory equals what \
            an unsharded run writes, timing aside.
            """
    )

    @Argument(help: "Shard run directories.")
    var shards: [String]

    @Option(help: ArgumentHelp("The merged run directory.", valueName: "dir"))
    var out: String

    @Option(help: ArgumentHelp("Directory of the test sets and their manifest.", valueName: "dir"))
    var evalSets: String = "eval-sets"

    func run() throws {
        let output = URL(fileURLWithPath: out)
        let report = try RunMerger.merge(shards: shards.map { URL(fileURLWithPath: $0) }, into: output,
                                         evalSetsDirectory: URL(fileURLWithPath: evalSets))
        print(ComparisonTable(runs: [(output.lastPathComponent, report)], includePaper: false).markdown(), terminator: "")
        printError("merged \(shards.count) shards into \(output.path)")
    }
}
