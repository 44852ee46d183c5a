/// A puzzle: N candidates (a multiset, in prompt order) and a target.
public struct Puzzle: Hashable, Sendable {
    public var numbers: [Int64]
    public var target: Int64

    public init(numbers: [Int64], target: Int64) {
        self.numbers = numbers
        self.target = target
    }

    /// The prompt of the paper's Table 1: `34, 18, 31, 41, 19, 55: -110`.
    public var prompt: String {
        numbers.map(String.init).joined(separator: ", ") + ": " + String(target)
    }

    /// The canonical key used for deduplication: (sorted candidates, target).
    public var canonicalKey: CanonicalKey {
        CanonicalKey(sortedNumbers: numbers.sorted(), target: target)
    }

    public struct CanonicalKey: Hashable, Sendable, Comparable {
        public var sortedNumbers: [Int64]
        public var target: Int64

        public static func < (a: Self, b: Self) -> Bool {
            if a.sortedNumbers != b.sortedNumbers {
                return a.sortedNumbers.lexicographicallyPrecedes(b.sortedNumbers)
            }
            return a.target < b.target
        }
    }
}

/// A generated puzzle with the steps that produced its target (the reference response).
package struct GeneratedPuzzle: Hashable, Sendable {
    package var puzzle: Puzzle
    package var steps: [Step]

    package init(puzzle: Puzzle, steps: [Step]) {
        self.puzzle = puzzle
        self.steps = steps
    }

    package var response: String { steps.responseText }
}
