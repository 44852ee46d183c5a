extension SentencePieceModel {
    /// Text for piece ids, as `SentencePieceProcessor::Decode` produces it: CONTROL pieces vanish,
    /// the unknown piece becomes `unk_surface` (" ⁇ "), U+2581 becomes a space, the dummy-prefix
    /// space of the first piece is dropped, and runs of BYTE pieces are decoded as UTF-8 with one
    /// U+FFFD per malformed byte. Ids must be in range (the caller filters them).
    func decode(_ ids: [Int]) -> String {
        decode(pieces: ids.map { (pieces[$0].text, $0) })
    }

    /// `SentencePieceProcessor::DecodePieces`: each string is looked up with `PieceToId`; a string
    /// that is no piece counts as unknown and is copied verbatim.
    func decode(pieces strings: [String]) -> String {
        decode(pieces: strings.map { ($0, id(ofPiece: $0)) })
    }

    private func decode(pieces entries: [(text: String, id: Int)]) -> String {
        var text: [UInt8] = []
        var pendingBytes: [UInt8] = []
        var expectsLeadingSpace = true
        var leadingSpaceConsumed = false

        for (pieceText, id) in entries {
            let piece = pieces[id]
            if piece.type == .byte {
                pendingBytes.append(Self.byteValue(ofPiece: piece.text) ?? 0)
                continue
            }
            Self.appendDecodedBytes(pendingBytes, to: &text)
            pendingBytes.removeAll(keepingCapacity: true)
            if leadingSpaceConsumed || !text.isEmpty { expectsLeadingSpace = false }

            switch piece.type {
            case .control:
                leadingSpaceConsumed = false
            case .unknown:
                text.append(contentsOf: (pieceText.isIdentical(to: piece.text) ? unknownSurface : pieceText).utf8)
                leadingSpaceConsumed = false
            default:
                var bytes = Array(pieceText.utf8)
                leadingSpaceConsumed = false
                if expectsLeadingSpace, normalizer.addDummyPrefix || normalizer.removeExtraWhitespaces,
                    bytes.starts(with: SentencePieceNormalizer.spaceSymbol)
                {
                    bytes.removeFirst(SentencePieceNormalizer.spaceSymbol.count)
                    // With remove_extra_whitespaces every leading space piece is dropped, not just one.
                    leadingSpaceConsumed = !normalizer.removeExtraWhitespaces
                }
                Self.appendReplacingSpaceSymbol(bytes, to: &text)
            }
        }
        Self.appendDecodedBytes(pendingBytes, to: &text)
        return String(decoding: text, as: UTF8.self)
    }

    private static func appendReplacingSpaceSymbol(_ bytes: [UInt8], to text: inout [UInt8]) {
        var index = 0
        while index < bytes.count {
            if SentencePieceNormalizer.hasPrefix(bytes, at: index, SentencePieceNormalizer.spaceSymbol) {
                text.append(0x20)
                index += 3
            } else {
                text.append(bytes[index])
                index += 1
            }
        }
    }

    /// sentencepiece's `ProcessBytePieces`: valid UTF-8 characters are kept; each byte that does not
    /// start a valid character becomes U+FFFD on its own.
    private static func appendDecodedBytes(_ bytes: [UInt8], to text: inout [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            if let length = validUTF8Length(bytes, at: offset) {
                text.append(contentsOf: bytes[offset..<(offset + length)])
                offset += length
            } else {
                text.append(contentsOf: [0xEF, 0xBF, 0xBD])
                offset += 1
            }
        }
    }

    /// sentencepiece's `DecodeUTF8`: the length of the well-formed character at `offset`, or nil.
    private static func validUTF8Length(_ bytes: [UInt8], at offset: Int) -> Int? {
        let remaining = bytes.count - offset
        let lead = UInt32(bytes[offset])
        func trail(_ index: Int) -> UInt32? {
            let byte = bytes[offset + index]
            return byte & 0xC0 == 0x80 ? UInt32(byte & 0x3F) : nil
        }
        func isValidScalar(_ value: UInt32) -> Bool { value < 0xD800 || (value >= 0xE000 && value <= 0x10FFFF) }
        if lead < 0x80 { return 1 }
        if remaining >= 2, lead & 0xE0 == 0xC0, let b1 = trail(1) {
            let value = (lead & 0x1F) << 6 | b1
            if value >= 0x80, isValidScalar(value) { return 2 }
        } else if remaining >= 3, lead & 0xF0 == 0xE0, let b1 = trail(1), let b2 = trail(2) {
            let value = (lead & 0x0F) << 12 | b1 << 6 | b2
            if value >= 0x800, isValidScalar(value) { return 3 }
        } else if remaining >= 4, lead & 0xF8 == 0xF0, let b1 = trail(1), let b2 = trail(2), let b3 = trail(3) {
            let value = (lead & 0x07) << 18 | b1 << 12 | b2 << 6 | b3
            if value >= 0x10000, isValidScalar(value) { return 4 }
        }
        return nil
    }
}
