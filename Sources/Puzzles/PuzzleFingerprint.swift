/// A 128-bit fingerprint of a puzzle's canonical key (sorted candidates, target).
///
/// Deduplicating 100M training puzzles by their full keys would need tens of GiB; two independent
/// 64-bit hashes make an accidental collision among 10^8 puzzles about 10^-22 likely. Test-set
/// disjointness is checked on exact keys as well (`eval-sets check`).
package struct PuzzleFingerprint: Hashable, Sendable {
    var high: UInt64
    var low: UInt64

    package init(_ puzzle: Puzzle) {
        self = puzzle.numbers.withUnsafeBufferPointer { Self(numbers: $0, target: puzzle.target) }
    }

    /// Hashes the candidates in sorted order without allocating (candidate counts are small).
    init(numbers: UnsafeBufferPointer<Int64>, target: Int64) {
        self = withUnsafeTemporaryAllocation(of: Int64.self, capacity: numbers.count) { sorted in
            // Insertion sort: N is at most a few dozen.
            for index in 0..<numbers.count {
                let value = numbers[index]
                var position = index
                while position > 0 && sorted[position - 1] > value {
                    sorted[position] = sorted[position - 1]
                    position -= 1
                }
                sorted[position] = value
            }
            var high: UInt64 = 0x243F_6A88_85A3_08D3 ^ UInt64(numbers.count)
            var low: UInt64 = 0x1319_8A2E_0370_7344 ^ UInt64(numbers.count)
            for index in 0..<numbers.count {
                let value = UInt64(bitPattern: sorted[index])
                high = SplitMix64.mix(high ^ value) &* 0x9E37_79B9_7F4A_7C15
                low = SplitMix64.mix((low &+ value) ^ 0xA409_3822_299F_31D0) &+ 0x0822_99F3_1D00_82EF
            }
            let target = UInt64(bitPattern: target)
            return PuzzleFingerprint(high: SplitMix64.mix(high ^ target), low: SplitMix64.mix(low &+ target &* 3))
        }
    }

    private init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }
}
