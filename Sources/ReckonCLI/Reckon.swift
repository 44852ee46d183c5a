import ArgumentParser

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
            GenerateCommand.self, EvalSetsCommand.self, VerifyCommand.self, SolveCommand.self,
        ]
    )
}
