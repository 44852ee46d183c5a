import Foundation

/// The `precompiled_charsmap` of a normalizer spec (nmt_nfkc and friends): a little-endian
/// uint32 trie size, a darts-clone double-array trie over UTF-8 input, then the NUL-separated
/// replacement strings the trie's values point into.
struct PrecompiledCharsMap: Sendable {
    private let units: [UInt32]
    private let replacements: [UInt8]

    init(blob: Data, file: String) throws(TokenizationError) {
        let bytes = [UInt8](blob)
        guard bytes.count > 4 else {
            throw .inconsistent(file: file, reason: "normalizer_spec.precompiled_charsmap is too short (\(bytes.count) bytes)")
        }
        let trieSize = Int(bytes[0]) | Int(bytes[1]) << 8 | Int(bytes[2]) << 16 | Int(bytes[3]) << 24
        guard trieSize < bytes.count - 4 + 1, trieSize % 4 == 0, trieSize > 0 else {
            throw .inconsistent(file: file, reason: "normalizer_spec.precompiled_charsmap trie size \(trieSize) does not fit the blob of \(bytes.count) bytes")
        }
        var units: [UInt32] = []
        units.reserveCapacity(trieSize / 4)
        var offset = 4
        while offset < 4 + trieSize {
            units.append(UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24)
            offset += 4
        }
        self.units = units
        self.replacements = Array(bytes[(4 + trieSize)...])
    }

    /// The longest rule matching at `position`: its replacement bytes and how many input bytes it consumes.
    func longestMatch(in input: [UInt8], at position: Int) -> (replacement: [UInt8], consumed: Int)? {
        // darts-clone commonPrefixSearch; a unit packs label, offset, leaf flag and value.
        var nodePosition = 0
        guard !units.isEmpty else { return nil }
        nodePosition ^= Self.offset(units[0])
        var best: (length: Int, value: Int)?
        var index = position
        while index < input.count {
            let label = UInt32(input[index])
            nodePosition ^= Int(label)
            guard nodePosition >= 0, nodePosition < units.count else { break }
            let unit = units[nodePosition]
            guard Self.label(unit) == label else { break }
            nodePosition ^= Self.offset(unit)
            if Self.hasLeaf(unit) {
                guard nodePosition < units.count else { break }
                best = (index - position + 1, Int(units[nodePosition] & 0x7FFF_FFFF))
            }
            index += 1
        }
        guard let best, best.value < replacements.count else { return nil }
        var end = best.value
        while end < replacements.count, replacements[end] != 0 { end += 1 }
        return (Array(replacements[best.value..<end]), best.length)
    }

    private static func hasLeaf(_ unit: UInt32) -> Bool { (unit >> 8) & 1 == 1 }
    private static func label(_ unit: UInt32) -> UInt32 { unit & (1 << 31 | 0xFF) }
    private static func offset(_ unit: UInt32) -> Int { Int((unit >> 10) << ((unit & (1 << 9)) >> 6)) }
}
