import EvalSets
import Foundation

extension ComparisonTable {
    /// The table as JSON: `columns` (label, kind `run` or `paper`, details) and `rows` (set, paper
    /// label, N or null for a total, and one cell per column: null, `{"pass_at_1"}` for the paper, or
    /// a run's pass@1, counts, Wilson interval, error counts, length stops, `shortcut` and `deep`
    /// (puzzles, valid, pass@1 and interval on puzzles of shortcut depth 0-2 and 3 or more), `by_depth`
    /// ("0", "1", "2", "3", "4+") and `calculator` (valid with a calculator, and of those invalid as
    /// written: `arithmetic_only`); for a run whose early stop came before calculator repair, no
    /// `calculator` but `calculator_not_measured` with the reason).
    public func json() -> String {
        let document = Document(
            columns: columns.map { DocumentColumn(label: $0.label, kind: $0.isPaper ? "paper" : "run", details: $0.details) },
            rows: rows.map { row in
                DocumentRow(set: row.set.name, paperLabel: row.set.paperLabel, n: row.n,
                            cells: zip(row.cells, columns).map { cell, column in
                                switch cell {
                                case nil: nil
                                case let .paper(value)?: DocumentCell(passAt1: value)
                                case let .run(tally)?:
                                    DocumentCell(tally, measuresCalculatorRepair: column.measuresCalculatorRepair)
                                }
                            })
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            return String(decoding: try encoder.encode(document), as: UTF8.self) + "\n"
        } catch {
            // Only non-finite doubles fail to encode; pass@1 values are finite fractions.
            preconditionFailure("cannot encode the comparison table: \(error)")
        }
    }

    private struct Document: Encodable {
        var columns: [DocumentColumn]
        var rows: [DocumentRow]
    }

    private struct DocumentColumn: Encodable {
        var label: String
        var kind: String
        var details: String?
    }

    private struct DocumentRow: Encodable {
        var set: String
        var paperLabel: String
        var n: Int?
        var cells: [DocumentCell?]

        enum CodingKeys: String, CodingKey {
            case set, n, cells
            case paperLabel = "paper_label"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(set, forKey: .set)
            try container.encode(paperLabel, forKey: .paperLabel)
            try container.encode(n, forKey: .n)
            try container.encode(cells, forKey: .cells)
        }
    }

    private struct DocumentCell: Encodable {
        var passAt1: Double
        var valid: Int?
        var puzzles: Int?
        var wilson95: WilsonInterval?
        var errors: [String: Int]?
        var stoppedByLength: Int?
        var shortcut: GroupTally?
        var deep: GroupTally?
        var byDepth: [String: GroupTally]?
        var calculator: CalculatorTally?
        var calculatorNotMeasured: String?

        init(passAt1: Double) {
            self.passAt1 = passAt1
        }

        init(_ tally: Tally, measuresCalculatorRepair: Bool) {
            passAt1 = tally.passAt1
            valid = tally.valid
            puzzles = tally.puzzles
            wilson95 = tally.wilson95
            errors = tally.errors
            stoppedByLength = tally.stoppedByLength
            shortcut = tally.shortcut
            deep = tally.deep
            byDepth = tally.byDepth
            if measuresCalculatorRepair {
                calculator = tally.calculator
            } else {
                calculatorNotMeasured = ComparisonTable.calculatorNotMeasured
            }
        }

        enum CodingKeys: String, CodingKey {
            case valid, puzzles, errors, shortcut, deep, calculator
            case byDepth = "by_depth"
            case passAt1 = "pass_at_1"
            case wilson95 = "wilson_95"
            case stoppedByLength = "stopped_by_length"
            case calculatorNotMeasured = "calculator_not_measured"
        }
    }
}
