/// The project's own pseudo-random generator (Steele, Lea and Flood's SplitMix64).
///
/// The standard library's `random(in:using:)` and `shuffled(using:)` promise nothing about the values
/// they derive from a generator across toolchains, so range reduction is ours too (`uniform(below:)`):
/// the same seed gives the same puzzles on every machine and Swift version.
package struct SplitMix64: Sendable {
    private var state: UInt64

    package init(state: UInt64) {
        self.state = state
    }

    /// SplitMix64's output function: a bijection on 64-bit values with full avalanche.
    @inline(__always)
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z &>> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z &>> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z &>> 31)
    }

    @inline(__always)
    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }

    /// A uniform value in `0..<bound` (Lemire's multiply-and-reject method, exactly unbiased).
    @inline(__always)
    package mutating func uniform(below bound: UInt64) -> UInt64 {
        precondition(bound > 0, "uniform(below:) needs a positive bound")
        var product = next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold {
                product = next().multipliedFullWidth(by: bound)
            }
        }
        return product.high
    }

    /// A uniform value in the inclusive range (any `Int64` range, including the full one).
    @inline(__always)
    package mutating func uniform(in range: ClosedRange<Int64>) -> Int64 {
        let span = UInt64(bitPattern: range.upperBound &- range.lowerBound)
        if span == UInt64.max {
            return Int64(bitPattern: next())
        }
        return range.lowerBound &+ Int64(bitPattern: uniform(below: span &+ 1))
    }
}

/// Derives the independent random stream of one generated item from a stable hash of
/// (seed, set name, N, index), as `docs/rules.md` section 4 requires: neighbouring seeds or indices
/// give unrelated streams, never shifted copies of each other.
package enum PuzzleStream {
    package static func generator(seed: UInt64, setName: String, count n: Int, index: UInt64) -> SplitMix64 {
        generator(seed: seed, setNameHash: fnv1a(setName), count: n, index: index)
    }

    /// The same stream with the set name hashed once by the caller (hot loops).
    static func generator(seed: UInt64, setNameHash: UInt64, count n: Int, index: UInt64) -> SplitMix64 {
        var h = SplitMix64.mix(seed ^ 0x5245_434B_4F4E_3031)  // "RECKON01"
        h = SplitMix64.mix(h ^ setNameHash)
        h = SplitMix64.mix(h ^ UInt64(truncatingIfNeeded: n))
        h = SplitMix64.mix(h ^ index)
        return SplitMix64(state: h)
    }

    /// 64-bit FNV-1a of the UTF-8 bytes: stable across runs (unlike `Hasher`, which is seeded per process).
    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
