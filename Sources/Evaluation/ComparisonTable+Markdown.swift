import EvalSets
import Foundation

extension ComparisonTable {
    /// A Markdown table (GitHub flavour): `pass@1 (valid/puzzles) [95% Wilson interval]` per cell,
    /// followed by the failure counts of each run's set totals.
    public func markdown() -> String {
        var lines: [String] = []
        let rendered = renderedColumns
        let header = ["set", "N"] + rendered.map { $0.part.header(columns[$0.index].label) }
        lines.append("| " + header.map(Self.escapeMarkdown).joined(separator: " | ") + " |")
        lines.append("| --- | --- |" + String(repeating: " ---: |", count: rendered.count))
        var previousSet: StandardSet?
        for row in rows {
            let setCell = row.set == previousSet ? "" : Self.setTitle(row.set)
            previousSet = row.set
            let cells = rendered.map { index, part in Self.cellText(row.cells[index], part) }
            lines.append("| " + ([setCell, row.n.map(String.init) ?? "total"] + cells).joined(separator: " | ") + " |")
        }
        lines.append("")
        lines.append("Cells: pass@1 (valid/puzzles) [95% Wilson interval]; zero-shot, one greedy completion per puzzle.")
        if columns.contains(where: { !$0.isPaper }) {
            lines.append(Self.depthNote)
        }
        let runs = columns.enumerated().filter { !$0.element.isPaper }
        if !runs.isEmpty {
            lines.append("")
            for (_, column) in runs {
                lines.append("- \(Self.escapeMarkdown(column.label)): \(Self.escapeMarkdown(column.details ?? ""))")
            }
            if columns.contains(where: \.isPaper) {
                lines.append("- paper: open-llama-3B + LoRA trained on 1M, 10M and 100M puzzles (arXiv 2406.02100, Table 2).")
            }
            lines.append("")
            lines.append("Failures per set (error code: count; length: completions cut by the token limit; "
                + "only arithmetic: invalid completions that are valid with a calculator, plan right):")
            lines += runTable(runs.map(\.offset)) { tally, column in
                Self.failureSummary(tally, measuresCalculatorRepair: column.measuresCalculatorRepair)
            }
            lines.append("")
            lines.append("Valid completions per shortcut depth (valid/puzzles at depth 0, 1, 2, 3, 4 or more):")
            lines += runTable(runs.map(\.offset)) { tally, _ in Self.depthSummary(tally) }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A blank line, then a table with a row per set (its headline row) and a column per run.
    private func runTable(_ runs: [Int], summary: (Tally, Column) -> String) -> [String] {
        var lines = ["", "| set | " + runs.map { Self.escapeMarkdown(columns[$0].label) }.joined(separator: " | ") + " |",
                     "| --- |" + String(repeating: " --- |", count: runs.count)]
        for row in headlineRows {
            let cells = runs.map { index -> String in
                guard case let .run(tally)? = row.cells[index] else { return "—" }
                return summary(tally, columns[index])
            }
            lines.append("| \(Self.setTitle(row.set)) | " + cells.joined(separator: " | ") + " |")
        }
        return lines
    }

    /// `0: 12/40 · 1: …` over the depth breakdown.
    static func depthSummary(_ tally: Tally) -> String {
        guard let byDepth = tally.byDepth else { return "—" }
        return DepthClass.breakdownKeys.map { key in
            let group = byDepth[key]
            return "\(key): \(group?.valid ?? 0)/\(group?.puzzles ?? 0)"
        }.joined(separator: " · ")
    }

    /// Error counts, length stops and "only arithmetic"; a run that did not measure calculator repair
    /// says so, since its 0 would read as a measurement.
    static func failureSummary(_ tally: Tally, measuresCalculatorRepair: Bool = true) -> String {
        var parts = VerificationFailureCodes.all.compactMap { code -> String? in
            let count = tally.errors[code, default: 0]
            return count > 0 ? "\(code) \(count)" : nil
        }
        if tally.stoppedByLength > 0 { parts.append("length \(tally.stoppedByLength)") }
        if !measuresCalculatorRepair {
            parts.append("only arithmetic: \(Self.calculatorNotMeasured)")
        } else if let calculator = tally.calculator, calculator.arithmeticOnly > 0 {
            parts.append("only arithmetic \(calculator.arithmeticOnly)")
        }
        return parts.isEmpty ? "none" : parts.joined(separator: ", ")
    }

    static func escapeMarkdown(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
            .replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
