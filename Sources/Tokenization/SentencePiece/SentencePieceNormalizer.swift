/// sentencepiece's `normalizer::Normalizer::Normalize` for the settings in `normalizer_spec`.
///
/// Works on UTF-8 bytes, as sentencepiece does. The only whitespace it knows is U+0020: tabs and
/// newlines are ordinary characters (newline becomes a byte piece in LLaMA vocabularies).
struct SentencePieceNormalizer: Sendable {
    static let spaceSymbol: [UInt8] = [0xE2, 0x96, 0x81]  // U+2581 LOWER ONE EIGHTH BLOCK

    let addDummyPrefix: Bool
    let removeExtraWhitespaces: Bool
    let escapeWhitespaces: Bool
    let charsMap: PrecompiledCharsMap?
    /// Longest first; matched verbatim, before the chars map, as sentencepiece's prefix matcher does.
    let userDefinedPieces: [[UInt8]]

    func normalize(_ text: String) -> [UInt8] {
        let input = Array(text.utf8)
        var position = 0
        if removeExtraWhitespaces {
            while position < input.count {
                let (replacement, consumed) = normalizedPrefix(of: input, at: position)
                guard replacement == [0x20] else { break }
                position += consumed
            }
        }
        guard position < input.count else { return [] }

        let space: [UInt8] = escapeWhitespaces ? Self.spaceSymbol : [0x20]
        var output: [UInt8] = []
        output.reserveCapacity((input.count - position) * 3 / 2 + 3)
        if addDummyPrefix { output.append(contentsOf: space) }

        var previousIsSpace = removeExtraWhitespaces
        while position < input.count {
            let (replacement, consumed) = normalizedPrefix(of: input, at: position)
            var start = 0
            if previousIsSpace {
                while start < replacement.count, replacement[start] == 0x20 { start += 1 }
            }
            if start < replacement.count {
                for byte in replacement[start...] {
                    if escapeWhitespaces, byte == 0x20 {
                        output.append(contentsOf: Self.spaceSymbol)
                    } else {
                        output.append(byte)
                    }
                }
                previousIsSpace = replacement.last == 0x20
            }
            position += consumed
            if !removeExtraWhitespaces { previousIsSpace = false }
        }

        if removeExtraWhitespaces {
            while output.count >= space.count, Array(output[(output.count - space.count)...]) == space {
                output.removeLast(space.count)
            }
        }
        return output
    }

    /// sentencepiece's `NormalizePrefix`: a user-defined piece verbatim, else the longest chars-map
    /// rule, else one UTF-8 character unchanged.
    private func normalizedPrefix(of input: [UInt8], at position: Int) -> (replacement: [UInt8], consumed: Int) {
        for piece in userDefinedPieces where Self.hasPrefix(input, at: position, piece) {
            return (piece, piece.count)
        }
        if let charsMap, let match = charsMap.longestMatch(in: input, at: position) {
            return match
        }
        let length = min(Self.utf8Length(leadByte: input[position]), input.count - position)
        return (Array(input[position..<(position + length)]), length)
    }

    static func hasPrefix(_ input: [UInt8], at position: Int, _ prefix: [UInt8]) -> Bool {
        guard input.count - position >= prefix.count else { return false }
        for offset in 0..<prefix.count where input[position + offset] != prefix[offset] { return false }
        return true
    }

    /// Length of the UTF-8 sequence a lead byte starts (the input is valid UTF-8: it came from a String).
    static func utf8Length(leadByte: UInt8) -> Int {
        switch leadByte {
        case 0..<0xC0: 1
        case 0xC0..<0xE0: 2
        case 0xE0..<0xF0: 3
        default: 4
        }
    }
}
