package import EvalSets
import Puzzles

/// Scores of a run: for each set (Table 2 order) and each N, and the set's total.
package struct RunResults: Codable, Equatable, Sendable {
    package var sets: [SetResult]

    package init(sets: [SetResult]) {
        self.sets = sets
    }

    /// Tallies the records of the given sets; sets and N without records are left out.
    package init(records: [ItemRecord], sets: [StandardSet]) {
        self.sets = sets.compactMap { set in
            let ofSet = records.filter { $0.set == set.name }
            guard !ofSet.isEmpty else { return nil }
            let byN = set.counts.compactMap { n -> Tally? in
                let ofN = ofSet.filter { $0.n == n }
                return ofN.isEmpty ? nil : Tally(n: n, records: ofN)
            }
            return SetResult(set: set.name, paperLabel: set.paperLabel, byN: byN, total: Tally(n: nil, records: ofSet))
        }
    }

    package func result(for set: StandardSet) -> SetResult? {
        sets.first { $0.set == set.name }
    }
}

package struct SetResult: Codable, Equatable, Sendable {
    package var set: String
    package var paperLabel: String
    package var byN: [Tally]
    package var total: Tally

    package init(set: String, paperLabel: String, byN: [Tally], total: Tally) {
        self.set = set
        self.paperLabel = paperLabel
        self.byN = byN
        self.total = total
    }

    enum CodingKeys: String, CodingKey {
        case set, total
        case paperLabel = "paper_label"
        case byN = "by_n"
    }
}

/// pass@1 of a group of puzzles (one N, or a whole set), with why the others failed.
package struct Tally: Codable, Equatable, Sendable {
    /// nil for a set's total.
    package var n: Int?
    package var puzzles: Int
    package var valid: Int
    /// valid / puzzles.
    package var passAt1: Double
    package var wilson95: WilsonInterval
    /// Count of each of the six error codes, every code present.
    package var errors: [String: Int]
    package var stoppedByLength: Int
    package var generatedTokens: Int
    /// pass@1 on the puzzles of shortcut depth 0-2 and on the deep ones (3 or more), and per depth
    /// (`docs/rules.md` section 7). nil only in run.json files written before depth existed; reading a
    /// run recomputes them from its items.
    package var shortcut: GroupTally?
    package var deep: GroupTally?
    package var byDepth: [String: GroupTally]?
    /// Calculator repair over the completions (nil as above).
    package var calculator: CalculatorTally?

    package init(n: Int?, records: [ItemRecord]) {
        precondition(!records.isEmpty, "a tally needs at least one record")
        self.n = n
        puzzles = records.count
        valid = records.count(where: \.valid)
        passAt1 = Double(valid) / Double(puzzles)
        wilson95 = WilsonInterval(successes: valid, trials: puzzles)
        var errors: [String: Int] = [:]
        for failure in VerificationFailure.allCases { errors[failure.rawValue] = 0 }
        for record in records { if let error = record.error { errors[error.rawValue, default: 0] += 1 } }
        self.errors = errors
        stoppedByLength = records.count(where: { $0.stop == .length })
        generatedTokens = records.reduce(0) { $0 + $1.generatedTokens }
        shortcut = GroupTally(records.filter { DepthClass.isShortcut($0.depth) })
        deep = GroupTally(records.filter { !DepthClass.isShortcut($0.depth) })
        var byDepth: [String: GroupTally] = [:]
        for key in DepthClass.breakdownKeys {
            byDepth[key] = GroupTally(records.filter { DepthClass.breakdownKey($0.depth) == key })
        }
        self.byDepth = byDepth
        calculator = CalculatorTally(records)
    }

    enum CodingKeys: String, CodingKey {
        case n, puzzles, valid, errors, shortcut, deep, calculator
        case byDepth = "by_depth"
        case passAt1 = "pass_at_1"
        case wilson95 = "wilson_95"
        case stoppedByLength = "stopped_by_length"
        case generatedTokens = "generated_tokens"
    }
}
