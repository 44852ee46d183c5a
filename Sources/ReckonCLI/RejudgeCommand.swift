import ArgumentParser
import Evaluation
import Foundation

struct RejudgeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rejudge",
        abstract: "Re-verify the completions of finished runs with the current verifier and rewrite their results.",
        discussion: """
            For each run directory: every completion in items.jsonl is verified again; items.jsonl's valid \
            and error fields and run.json are rewritten as a finishing run writes them. Completions, token \
            counts, identity.json and sessions.jsonl are left as they are. Use it after the verification \
            rules or the fields of run.json change; running it twice changes nothing the second time.
            """
    )

    @Argument(help: "Finished run directories.")
    var runs: [String]

    @Option(help: ArgumentHelp("Directory of the test sets and their manifest.", valueName: "dir"))
    var evalSets: String = "eval-sets"

    func run() throws {
        for run in runs {
            let outcome = try RunRejudge.rejudge(URL(fileURLWithPath: run),
                                                 evalSetsDirectory: URL(fileURLWithPath: evalSets))
            let changes = outcome.changes.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
            print("\(run): \(outcome.items) items, \(outcome.changedItems) verdicts changed"
                + (changes.isEmpty ? "" : " (" + changes.joined(separator: ", ") + ")"))
        }
    }
}
