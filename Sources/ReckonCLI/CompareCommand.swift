import ArgumentParser
import Evaluation
import Foundation

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare finished runs in the layout of the paper's Table 2: a row per set and N, a column per run.",
        discussion: """
            Cells are pass@1 (valid/puzzles) [95% Wilson interval]. Each run also shows pass@1 on shortcut \
            puzzles (shortcut depth 0-2, solvable without planning by collapsing numbers to 0) and on deep \
            puzzles (depth 3 or more), the counts per depth, and completions that failed only at arithmetic \
            (docs/rules.md section 7). --paper adds the paper's columns (open-llama-3B + LoRA on 1M, 10M \
            and 100M puzzles) and, beside them, the shortcut baseline (what no learning achieves). \
            --format html writes one self-contained page with the table and SVG bar charts.
            """
    )

    @Argument(help: "Run directories (each with run.json); columns are named after them.")
    var runs: [String]

    @Flag(help: "Add the paper's 1M, 10M and 100M columns and the shortcut baseline (unless a given run is that baseline).")
    var paper = false

    @Option(help: ArgumentHelp(
        "Directory of the test sets and their depth table (for runs written before shortcut depth, and the baseline).",
        valueName: "dir"))
    var evalSets: String = "eval-sets"

    @Option(help: ArgumentHelp("Table format.", valueName: "markdown|json|html"))
    var format: TableFormat = .markdown

    @Option(help: ArgumentHelp("Output file (default: standard output).", valueName: "file"))
    var out: String?

    func validate() throws {
        if runs.isEmpty { throw ValidationError("give at least one run directory") }
    }

    func run() throws {
        let names = runs.map { URL(fileURLWithPath: $0).standardizedFileURL.lastPathComponent }
        // Columns are named after the directories, or their paths when two share a name.
        let labels = Set(names).count == names.count ? names : runs
        var columns: [(label: String, report: RunReport)] = []
        let evalSetsURL = URL(fileURLWithPath: evalSets)
        for (label, path) in zip(labels, runs) {
            columns.append((label, try RunDirectory(URL(fileURLWithPath: path)).readReport(evalSetsDirectory: evalSetsURL)))
        }
        if paper, !columns.contains(where: { ShortcutBaseline.isBaseline($0.report) }) {
            columns.append((ShortcutBaseline.label,
                            try ShortcutBaseline.report(evalSetsDirectory: try EvalSetsLocation.require(evalSets))))
        }
        let table = ComparisonTable(runs: columns, includePaper: paper)
        let text = switch format {
        case .markdown: table.markdown()
        case .json: table.json()
        case .html: table.html()
        }
        let output = try OutputDestination(path: out)
        try output.write(Array(text.utf8))
        try output.finish()
    }
}

enum TableFormat: String, ExpressibleByArgument, CaseIterable {
    case markdown, json, html
}
