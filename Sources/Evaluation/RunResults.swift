public import EvalSets
import Puzzles

/// Scores of a run: for each set (Table 2 order) and each N, and the set's total.
public struct RunResults: Codable, Equatable, Sendable {
    public var sets: [SetResult]

    public init(sets: [SetResult]) {
        self.sets = sets
    }

    /// Tallies the records of the given sets; sets and N without records are left out.
    public init(records: [ItemRecord], sets: [StandardSet]) {
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

    public func result(for set: StandardSet) -> SetResult? {
        sets.first { $0.set == set.name }
    }
}

public struct SetResult: Codable, Equatable, Sendable {
    public var set: String
    public var paperLabel: String
    public var byN: [Tally]
    public var total: Tally

    public init(set: String, paperLabel: String, byN: [Tally], total: Tally) {
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
public struct Tally: Codable, Equatable, Sendable {
    /// nil for a set's total.
    public var n: Int?
    public var puzzles: Int
    public var valid: Int
    /// valid / puzzles.
    public var passAt1: Double
    public var wilson95: WilsonInterval
    /// Count of each of the six error codes, every code present.
    public var errors: [String: Int]
    public var stoppedByLength: Int
    public var generatedTokens: Int
    /// pass@1 on the puzzles of shortcut depth 0-2 and on the deep ones (3 or more), and per depth
    /// (`puzzle-spec.md` section 7). nil only in run.json files written before depth existed; reading a
    /// run recomputes them from its items.
    public var shortcut: GroupTally?
    public var deep: GroupTally?
    public var byDepth: [String: GroupTally]?
    /// Calculator repair over the completions (nil as above).
    public var calculator: CalculatorTally?

    public init(n: Int?, records: [ItemRecord]) {
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
