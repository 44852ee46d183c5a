import EvalSets

extension ComparisonTable {
    /// One self-contained HTML page (no scripts, no external files): the table, the run details and an
    /// inline SVG bar chart of each set's pass@1 per column, with 95% Wilson intervals for runs.
    public func html(title: String = "Reckon: zero-shot pass@1") -> String {
        var page = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>\(Self.escapeHTML(title))</title>
            <style>
            body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2em; color: #222; }
            table { border-collapse: collapse; margin-bottom: 1em; }
            th, td { border: 1px solid #ccc; padding: 4px 8px; }
            th { background: #f4f4f4; }
            td.number { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
            tr.total td { font-weight: 600; }
            .interval { color: #666; font-size: 85%; }
            svg text { font-family: inherit; }
            </style>
            </head>
            <body>
            <h1>\(Self.escapeHTML(title))</h1>
            <table>
            <thead><tr><th>set</th><th>N</th>
            """
        let rendered = renderedColumns
        page += rendered.map { "<th>\(Self.escapeHTML($0.part.header(columns[$0.index].label)))</th>" }.joined()
            + "</tr></thead>\n<tbody>\n"
        var previousSet: StandardSet?
        for row in rows {
            let setCell = row.set == previousSet ? "" : Self.escapeHTML(Self.setTitle(row.set))
            previousSet = row.set
            page += row.n == nil ? "<tr class=\"total\">" : "<tr>"
            page += "<td>\(setCell)</td><td>\(row.n.map(String.init) ?? "total")</td>"
            for (index, part) in rendered {
                let text = Self.cellText(row.cells[index], part) { "<span class=\"interval\">\($0)</span>" }
                page += "<td class=\"number\">\(text)</td>"
            }
            page += "</tr>\n"
        }
        page += "</tbody>\n</table>\n"
        page += "<p>Cells: pass@1 (valid/puzzles) [95% Wilson interval]; zero-shot, one greedy completion per puzzle.</p>\n"
        if columns.contains(where: { !$0.isPaper }) {
            page += "<p>\(Self.escapeHTML(Self.depthNote))</p>\n"
        }
        let runs = columns.filter { !$0.isPaper }
        if !runs.isEmpty {
            page += "<ul>\n"
            for column in runs {
                page += "<li><b>\(Self.escapeHTML(column.label))</b>: \(Self.escapeHTML(column.details ?? ""))</li>\n"
            }
            if columns.contains(where: \.isPaper) {
                page += "<li><b>paper</b>: open-llama-3B + LoRA trained on 1M, 10M and 100M puzzles (arXiv 2406.02100, Table 2).</li>\n"
            }
            page += "</ul>\n"
        }
        page += "<h2>pass@1 per set</h2>\n" + chart(.overall)
        if columns.contains(where: { !$0.isPaper }) {
            page += "<h2>pass@1 on deep puzzles (shortcut depth 3 or more) per set</h2>\n" + chart(.deep)
        }
        return page + "</body>\n</html>\n"
    }

    // MARK: - Chart

    private static let runColors = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948",
                                    "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"]
    private static let paperColors = ["#d0d0d0", "#a8a8a8", "#808080"]

    private func color(ofColumn index: Int) -> String {
        let column = columns[index]
        let sameKind = columns[..<index].filter { $0.isPaper == column.isPaper }.count
        let palette = column.isPaper ? Self.paperColors : Self.runColors
        return palette[sameKind % palette.count]
    }

    /// Grouped bars: one group per set (its headline row), one bar per column (the paper's columns only
    /// in the overall chart).
    private func chart(_ part: Part) -> String {
        let groups = headlineRows
        let barWidth = 18, barGap = 4, groupGap = 24
        let left = 48, top = 16, plotHeight = 240, right = 16
        let barsWidth = max(1, columns.count) * (barWidth + barGap) - barGap
        // Wide enough for the longest set name under the group (extended-number-range-1000).
        let groupWidth = max(barsWidth, 170)
        let plotWidth = groups.count * groupWidth + max(0, groups.count - 1) * groupGap + 2 * barGap
        let legendTop = top + plotHeight + 48
        let width = left + max(plotWidth, 200) + right
        let height = legendTop + columns.count(where: { part == .overall || !$0.isPaper }) * 18 + 8
        func y(_ value: Double) -> String { Self.fixed(Double(top) + Double(plotHeight) * (1 - value), 1) }

        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" "
            + "viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\""
            + (part == .deep ? "pass@1 on deep puzzles per set and run" : "pass@1 per set and run") + "\">\n"
        for tick in [0.0, 0.25, 0.5, 0.75, 1.0] {
            svg += "<line x1=\"\(left)\" x2=\"\(left + plotWidth)\" y1=\"\(y(tick))\" y2=\"\(y(tick))\" "
                + "stroke=\"\(tick == 0 ? "#444" : "#ddd")\" stroke-width=\"1\"/>\n"
            svg += "<text x=\"\(left - 6)\" y=\"\(y(tick))\" font-size=\"11\" text-anchor=\"end\" "
                + "dominant-baseline=\"middle\">\(Self.fixed(tick, 2))</text>\n"
        }
        for (groupIndex, row) in groups.enumerated() {
            let groupLeft = left + barGap + groupIndex * (groupWidth + groupGap)
            let barsLeft = groupLeft + (groupWidth - barsWidth) / 2
            for (columnIndex, cell) in row.cells.enumerated() {
                guard let cell, let shown = Self.value(cell, part) else { continue }
                let x = barsLeft + columnIndex * (barWidth + barGap)
                let value = min(max(shown.passAt1, 0), 1)
                let barHeight = Self.fixed(Double(plotHeight) * value, 1)
                svg += "<rect x=\"\(x)\" y=\"\(y(value))\" width=\"\(barWidth)\" height=\"\(barHeight)\" "
                    + "fill=\"\(color(ofColumn: columnIndex))\"><title>\(Self.escapeHTML(columns[columnIndex].label)), "
                    + "\(Self.escapeHTML(row.set.name)): \(Self.fixed(shown.passAt1, 3))</title></rect>\n"
                if let interval = shown.run?.interval {
                    let center = x + barWidth / 2
                    svg += "<path d=\"M\(center - 4) \(y(interval.lower))H\(center + 4)"
                        + "M\(center) \(y(interval.lower))V\(y(interval.upper))"
                        + "M\(center - 4) \(y(interval.upper))H\(center + 4)\" stroke=\"#222\" "
                        + "stroke-width=\"1.2\" fill=\"none\"/>\n"
                }
            }
            let center = groupLeft + groupWidth / 2
            svg += "<text x=\"\(center)\" y=\"\(top + plotHeight + 16)\" font-size=\"11\" text-anchor=\"middle\">"
                + "\(Self.escapeHTML(row.set.name))</text>\n"
            svg += "<text x=\"\(center)\" y=\"\(top + plotHeight + 30)\" font-size=\"11\" text-anchor=\"middle\" "
                + "fill=\"#666\">\(Self.escapeHTML(row.set.paperLabel))\(row.n.map { ", N=\($0)" } ?? "")</text>\n"
        }
        // The paper has no deep pass@1: its columns have no bars and no legend in that chart.
        let legend = columns.enumerated().filter { part == .overall || !$0.element.isPaper }
        for (row, (index, column)) in legend.enumerated() {
            let rowTop = legendTop + row * 18
            svg += "<rect x=\"\(left)\" y=\"\(rowTop)\" width=\"12\" height=\"12\" fill=\"\(color(ofColumn: index))\"/>"
                + "<text x=\"\(left + 18)\" y=\"\(rowTop + 6)\" font-size=\"12\" dominant-baseline=\"middle\">"
                + "\(Self.escapeHTML(column.label))</text>\n"
        }
        return svg + "</svg>\n"
    }

    static func escapeHTML(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
