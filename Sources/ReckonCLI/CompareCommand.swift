import ArgumentParser
import Evaluation
import Foundation

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare finished runs in the layout of the paper's Table 2: a row per set and N, a column per run.",
        discussion: """
            Cells are pass@1 (valid/puzzles) [95% Wilson interval]. --paper adds the paper's columns \
            (open-llama-3B + LoRA on 1M, 10M and 100M puzzles). --format html writes one self-contained \
            page with the table and an SVG bar chart.
            """
    )

    @Argument(help: "Run directories (each with run.json); columns are named after them.")
    var runs: [String]

    @Flag(help: "Add the paper's 1M, 10M and 100M columns.")
    var paper = false

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
        for (label, path) in zip(labels, runs) {
            columns.append((label, try RunDirectory(URL(fileURLWithPath: path)).readReport()))
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
