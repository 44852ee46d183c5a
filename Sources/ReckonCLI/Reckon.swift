import ArgumentParser
import TensorCore

@main
struct Reckon: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reckon",
        abstract: "Score LLaMA-architecture models on the arithmetic puzzle of arXiv 2406.02100.",
        discussion: """
            Given N integers and a target, reach the target in N-1 steps (+ - * /, floor division), \
            using every integer exactly once. Reckon generates the paper's puzzles and test sets, \
            verifies answers exactly and solves puzzles.
            """,
        version: "0.1.0",
        subcommands: [
            GenerateCommand.self, EvalSetsCommand.self, VerifyCommand.self, DepthCommand.self, SolveCommand.self, ScoreCommand.self,
            MergeCommand.self, CompareCommand.self, CompleteCommand.self, BenchCommand.self, InspectCommand.self,
            TokenizeCommand.self, DetokenizeCommand.self, InfoCommand.self, RejudgeCommand.self,
        ]
    )

    /// Picks OpenBLAS's fast kernels before anything else runs: Debian's 0.3.21 falls back to slow
    /// generic kernels on CPUs it does not know unless OPENBLAS_CORETYPE is set before the process
    /// starts, so this may restart the process once with it set.
    static func main() {
        if let warning = OpenBLAS.selectFastKernels().warning {
            printError("warning: \(warning)")
        }
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            exit(withError: error)
        }
    }
}
