package import Puzzles

/// The four test sets of `docs/rules.md` section 5, in the order they are generated: each set
/// excludes every key of the sets before it, so the sets are pairwise disjoint.
public enum StandardSet: String, CaseIterable, Sendable, Codable {
    case inDomain = "in-domain"
    case extendedNumberRange = "extended-number-range"
    case extendedNumberRange1000 = "extended-number-range-1000"
    case extendedComponent = "extended-component"

    /// The seed of the committed files (the paper's arXiv number).
    public static let canonicalSeed: UInt64 = 2_406_02100
    /// Puzzles per N in the committed files.
    public static let canonicalCountPerN = 1000
    /// The training distribution, which in-domain shares.
    public static let trainingRange: ClosedRange<Int64> = 1...60
    public static let trainingCounts = [5, 6, 7]

    public var name: String { rawValue }

    /// The paper's label for the set (Tables 2, 4 and 6).
    public var paperLabel: String {
        switch self {
        case .inDomain: "ID"
        case .extendedNumberRange: "OOD-N"
        case .extendedNumberRange1000: "OOD-1000"
        case .extendedComponent: "OOD-F"
        }
    }

    public var fileName: String { "\(rawValue).jsonl" }

    public var counts: [Int] {
        self == .extendedComponent ? [8] : Self.trainingCounts
    }

    public var range: ClosedRange<Int64> {
        switch self {
        case .inDomain, .extendedComponent: Self.trainingRange
        case .extendedNumberRange: 1...100
        case .extendedNumberRange1000: 1...1000
        }
    }

    package var distribution: PuzzleDistribution {
        PuzzleDistribution(fixedCounts: counts, range: range)
    }

    /// The id of item `index` with `n` numbers, unique across all sets: `in-domain-5-0042`.
    public static func itemID(set: String, n: Int, index: Int) -> String {
        let digits = String(index)
        return "\(set)-\(n)-" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
