/// pass@1 of the puzzles of one depth class (shortcut, deep, or one depth) within a tally.
package struct GroupTally: Codable, Equatable, Sendable {
    package var puzzles: Int
    package var valid: Int
    /// valid / puzzles; nil when the group is empty.
    package var passAt1: Double?
    package var wilson95: WilsonInterval?

    init(_ records: [ItemRecord]) {
        puzzles = records.count
        valid = records.count(where: \.valid)
        passAt1 = puzzles == 0 ? nil : Double(valid) / Double(puzzles)
        wilson95 = puzzles == 0 ? nil : WilsonInterval(successes: valid, trials: puzzles)
    }

    enum CodingKeys: String, CodingKey {
        case puzzles, valid
        case passAt1 = "pass_at_1"
        case wilson95 = "wilson_95"
    }
}

/// Calculator repair (`docs/rules.md` section 7) over a tally's completions.
package struct CalculatorTally: Codable, Equatable, Sendable {
    /// Completions valid with a calculator (every valid completion among them).
    package var valid: Int
    /// Completions invalid as written but valid with a calculator: the plan was right, only the
    /// arithmetic was wrong.
    package var arithmeticOnly: Int

    package init(valid: Int, arithmeticOnly: Int) {
        self.valid = valid
        self.arithmeticOnly = arithmeticOnly
    }

    init(_ records: [ItemRecord]) {
        valid = records.count(where: { $0.calculator == true })
        arithmeticOnly = records.count(where: { $0.calculator == true && !$0.valid })
    }

    enum CodingKeys: String, CodingKey {
        case valid
        case arithmeticOnly = "arithmetic_only"
    }
}

/// The depth classes of `docs/rules.md` section 7 as tables show them.
enum DepthClass {
    /// Depths 0, 1 and 2.
    static let deepestShortcut = 2
    /// Keys of the per-depth breakdown: "0", "1", "2", "3" and "4+" (a puzzle without a solution, which
    /// no generated puzzle is, counts as "4+").
    static let breakdownKeys = ["0", "1", "2", "3", "4+"]

    static func isShortcut(_ depth: Int?) -> Bool { depth.map { $0 <= deepestShortcut } ?? false }

    static func breakdownKey(_ depth: Int?) -> String {
        guard let depth, depth < 4 else { return "4+" }
        return String(depth)
    }
}
