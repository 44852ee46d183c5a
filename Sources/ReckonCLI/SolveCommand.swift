import ArgumentParser
import Puzzles

struct SolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solve",
        abstract: "Print one solution of a puzzle in the response format, or `unsolvable`.",
        discussion: "Example: reckon solve \"34, 18, 31, 41, 19, 55: -110\""
    )

    @Argument(help: "The puzzle's prompt, e.g. \"3, 6, 7, 51, 58: 4\".")
    var prompt: String

    func run() throws {
        let puzzle = try PromptParser.parse(prompt)
        if let steps = Solver.solve(puzzle) {
            print(steps.responseText)
        } else {
            print("unsolvable")
        }
    }
}
