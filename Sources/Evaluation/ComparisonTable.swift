public import EvalSets

/// Runs side by side in the layout of the paper's Table 2: a row per set and N (and each set's
/// total), in the paper's set order; a column per run, then optionally the paper's columns.
/// Rendering (`markdown`, `json`, `html`) is a pure function of this value.
public struct ComparisonTable: Equatable, Sendable {
    public struct Column: Equatable, Sendable {
        public var label: String
        /// One line on what the run scored (backend, model and adapter hashes, decoding, selection);
        /// nil for the paper's columns.
        public var details: String?
        /// False for a run whose early stop came before calculator repair (the old rule): its
        /// calculator figures were not measured, and tables say so instead of printing them.
        public var measuresCalculatorRepair = true
        public var isPaper: Bool { details == nil }
    }

    package enum Cell: Equatable, Sendable {
        case run(Tally)
        case paper(Double)

        public var passAt1: Double {
            switch self {
            case let .run(tally): tally.passAt1
            case let .paper(value): value
            }
        }
    }

    public struct Row: Equatable, Sendable {
        public var set: StandardSet
        /// nil for the set's total.
        public var n: Int?
        /// One entry per column; nil where the run did not score this set or N.
        package var cells: [Cell?]

        /// `N=5`, or `total`.
        public var label: String { n.map { "N=\($0)" } ?? "total" }
    }

    public var columns: [Column]
    public var rows: [Row]

    /// - Parameters:
    ///   - runs: a label (usually the run directory's name) and the run's report, one column each.
    ///   - includePaper: adds the paper's 1M, 10M and 100M columns.
    public init(runs: [(label: String, report: RunReport)], includePaper: Bool) {
        columns = runs.map { run in
            Column(label: run.label, details: Self.details(of: run.report),
                   measuresCalculatorRepair: run.report.identity.backend.decoding.measuresCalculatorRepair)
        }
        if includePaper {
            columns += PaperReference.trainingSizes.map { Column(label: "paper \($0)", details: nil) }
        }
        var rows: [Row] = []
        for set in StandardSet.allCases {
            // A set with one N (extended-component) gets one row, as in the paper.
            let keys: [Int?] = set.counts.count == 1 ? [set.counts[0]] : set.counts.map { $0 } + [nil]
            for n in keys {
                var cells: [Cell?] = runs.map { run in
                    guard let result = run.report.results.result(for: set) else { return nil }
                    let tally = n.map { n in result.byN.first { $0.n == n } } ?? result.total
                    return tally.map(Cell.run)
                }
                if includePaper {
                    let paper = PaperReference.passAt1(set: set, n: n)
                    cells += (0..<PaperReference.trainingSizes.count).map { index in paper.map { .paper($0[index]) } }
                }
                if cells.contains(where: { $0 != nil }) {
                    rows.append(Row(set: set, n: n, cells: cells))
                }
            }
        }
        self.rows = rows
    }

    /// The rows that hold each set's headline number: its total, or its only N.
    var headlineRows: [Row] {
        rows.filter { $0.n == nil || $0.set.counts.count == 1 }
    }

    private static func details(of report: RunReport) -> String {
        let identity = report.identity
        var parts = ["backend \(identity.backend.kind)"]
        if let model = identity.backend.model {
            parts.append("model \(model.name) (sha256 \(model.sha256.prefix(12)))")
        }
        if let adapter = identity.backend.adapter {
            parts.append("adapter \(adapter.name) (sha256 \(adapter.sha256.prefix(12)))")
        }
        if let served = identity.backend.served {
            let servers = served.endpoints.count == 1 ? "1 server" : "\(served.endpoints.count) servers"
            parts.append("served model \(served.servedModel) (\(servers))")
        }
        let decoding = identity.backend.decoding
        parts.append("\(decoding.strategy), max \(decoding.maxNewTokens) new tokens, \(identity.backend.parallelism)"
            + (decoding.earlyStop ? ", early stop" : "")
            + (decoding.measuresCalculatorRepair ? "" : " before calculator repair (old rule)"))
        if let limit = identity.selection.limit { parts.append("first \(limit) per N") }
        if let shard = identity.selection.shard { parts.append("shard \(shard)") }
        if let rate = report.timing.tokensPerSecond { parts.append("\(Self.fixed(rate, 1)) tokens/s") }
        return parts.joined(separator: "; ")
    }

    // MARK: - Formatting shared by the renderers

    static func fixed(_ value: Double, _ digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (value * scale).rounded()
        let negative = scaled < 0
        let magnitude = Int(abs(scaled))
        let unit = Int(scale)
        let whole = magnitude / unit
        let fraction = String(magnitude % unit)
        let padded = String(repeating: "0", count: digits - fraction.count) + fraction
        return (negative ? "-" : "") + "\(whole)" + (digits > 0 ? "." + padded : "")
    }

    /// What tables print instead of calculator figures that a run did not measure.
    static let calculatorNotMeasured = "not measured (early stop before calculator repair)"

    static func setTitle(_ set: StandardSet) -> String { "\(set.name) (\(set.paperLabel))" }

    // MARK: - Shortcut and deep puzzles

    /// What a rendered column shows: a run's overall pass@1 comes first, then its pass@1 on shortcut
    /// puzzles (depth 0-2) and on deep ones (`docs/rules.md` section 7); the paper has only the first.
    enum Part: CaseIterable {
        case overall, shortcut, deep

        func header(_ label: String) -> String {
            switch self {
            case .overall: label
            case .shortcut: "\(label): shortcut"
            case .deep: "\(label): deep"
            }
        }
    }

    /// Every rendered column: the column's index and the part it shows.
    var renderedColumns: [(index: Int, part: Part)] {
        columns.enumerated().flatMap { index, column in
            (column.isPaper ? [Part.overall] : Part.allCases).map { (index, $0) }
        }
    }

    /// What a cell shows in one part of its column, for every rendering (Markdown and HTML cells, chart
    /// bars): pass@1 and, for a run, the counts and 95% Wilson interval it comes from.
    struct PartValue {
        var passAt1: Double
        /// nil for the paper's columns, which publish pass@1 only.
        var run: (valid: Int, puzzles: Int, interval: WilsonInterval?)?
    }

    /// The cell's value in `part`; nil where it has none: the paper has only the overall pass@1, and a
    /// run's group (shortcut or deep) has none when it is empty or missing from an old run.json.
    static func value(_ cell: Cell, _ part: Part) -> PartValue? {
        switch cell {
        case let .paper(value):
            return part == .overall ? PartValue(passAt1: value, run: nil) : nil
        case let .run(tally):
            let group: GroupTally?
            switch part {
            case .overall: return PartValue(passAt1: tally.passAt1, run: (tally.valid, tally.puzzles, tally.wilson95))
            case .shortcut: group = tally.shortcut
            case .deep: group = tally.deep
            }
            guard let group, let passAt1 = group.passAt1 else { return nil }
            return PartValue(passAt1: passAt1, run: (group.valid, group.puzzles, group.wilson95))
        }
    }

    /// A table cell's text: `pass@1 (valid/puzzles) [lower, upper]` for a run, pass@1 alone for the
    /// paper, `—` for nothing to show; `interval` wraps the bracketed interval (HTML sets it apart).
    static func cellText(_ cell: Cell?, _ part: Part, interval: (String) -> String = { $0 }) -> String {
        guard let cell, let value = value(cell, part) else { return "—" }
        let passAt1 = fixed(value.passAt1, 3)
        guard let run = value.run else { return passAt1 }
        guard let bounds = run.interval else { return "—" }
        return "\(passAt1) (\(run.valid)/\(run.puzzles)) "
            + interval("[\(fixed(bounds.lower, 3)), \(fixed(bounds.upper, 3))]")
    }

    /// How the table reads once shortcuts are separated.
    static let depthNote = "shortcut: puzzles of shortcut depth 0-2, which collapsing unused numbers to 0 "
        + "(x/y=0, 0*z=0, then v+0=v or 0-v=-v) solves without planning; deep: depth 3 or more "
        + "(docs/rules.md section 7). The shortcut baseline solves exactly the shortcut puzzles."
}
