extension SentencePieceModel {
    /// Token ids for `text`, as `SentencePieceProcessor::Encode` returns them (no BOS/EOS).
    func encode(_ text: String) -> [Int] {
        let normalized = normalizer.normalize(text)
        guard !normalized.isEmpty else { return [] }
        var ids: [Int] = []
        var previousIsUnknown = false
        for piece in mergeSymbols(normalized) {
            let isUnknown = piece.id == unknownID
            if isUnknown, byteFallback {
                // An unknown piece becomes one <0xXX> piece per UTF-8 byte.
                for byte in normalized[piece.range] {
                    ids.append(bytePieceIDs[Int(byte)] ?? unknownID)
                }
            } else if !(isUnknown && previousIsUnknown) {
                // A run of unknown pieces is reported once, as sentencepiece merges them.
                ids.append(piece.id)
            }
            previousIsUnknown = isUnknown
        }
        return ids
    }

    /// `bpe::Model::Encode`: characters (user-defined pieces whole and frozen), then repeatedly the
    /// adjacent pair whose concatenation is a mergeable piece with the highest score, leftmost on
    /// ties. A heap of candidate pairs over a linked list keeps this O(n log n) on the whole text.
    private func mergeSymbols(_ normalized: [UInt8]) -> [(range: Range<Int>, id: Int)] {
        var symbols: [Symbol] = []
        symbols.reserveCapacity(normalized.count)
        var position = 0
        while position < normalized.count {
            var length = 0
            var frozen = false
            for piece in userDefinedPieces where SentencePieceNormalizer.hasPrefix(normalized, at: position, piece) {
                length = piece.count
                frozen = true
                break
            }
            if !frozen {
                length = min(SentencePieceNormalizer.utf8Length(leadByte: normalized[position]), normalized.count - position)
            }
            let text = String(decoding: normalized[position..<(position + length)], as: UTF8.self)
            let index = symbols.count
            symbols.append(Symbol(
                start: position, end: position + length,
                pieceID: mergeablePieceIDs[ExactString(text)], frozen: frozen,
                previous: index - 1, next: position + length < normalized.count ? index + 1 : -1))
            position += length
        }

        var agenda = PriorityQueue<Candidate> { $0.precedes($1) }
        // Pieces of type UNUSED that a merge produced, with the two halves to split them back into.
        var unusedSplits: [ExactString: (Range<Int>, Range<Int>)] = [:]

        func addCandidate(_ left: Int, _ right: Int) {
            guard left >= 0, right >= 0, !symbols[left].frozen, !symbols[right].frozen else { return }
            let mergedID: Int?
            if let leftID = symbols[left].pieceID, let rightID = symbols[right].pieceID {
                mergedID = mergedPieceByPair[Self.pairKey(leftID, rightID)]
            } else {
                mergedID = mergeablePieceIDs[ExactString(String(decoding: normalized[symbols[left].start..<symbols[right].end], as: UTF8.self))]
            }
            guard let mergedID else { return }
            let size = (symbols[left].end - symbols[left].start) + (symbols[right].end - symbols[right].start)
            agenda.push(Candidate(score: pieces[mergedID].score, left: left, right: right, size: size, mergedID: mergedID))
            if pieces[mergedID].type == .unused {
                unusedSplits[ExactString(pieces[mergedID].text)] = (
                    symbols[left].start..<symbols[left].end, symbols[right].start..<symbols[right].end
                )
            }
        }

        for index in symbols.indices.dropFirst() { addCandidate(index - 1, index) }

        while let top = agenda.pop() {
            let left = symbols[top.left]
            let right = symbols[top.right]
            // Stale candidates: one side was merged away or grew since the pair was queued.
            guard !left.isEmpty, !right.isEmpty, (left.end - left.start) + (right.end - right.start) == top.size else {
                continue
            }
            symbols[top.left].end = right.end
            symbols[top.left].pieceID = top.mergedID
            symbols[top.left].next = right.next
            if right.next >= 0 { symbols[right.next].previous = top.left }
            symbols[top.right].end = symbols[top.right].start  // now empty
            addCandidate(symbols[top.left].previous, top.left)
            addCandidate(top.left, symbols[top.left].next)
        }

        var output: [(range: Range<Int>, id: Int)] = []
        func resegment(_ range: Range<Int>) {
            let text = String(decoding: normalized[range], as: UTF8.self)
            let id = id(ofPiece: text)
            if pieces[id].type == .unused, let (first, second) = unusedSplits[ExactString(text)] {
                resegment(first)
                resegment(second)
            } else {
                output.append((range, id))
            }
        }
        var index = symbols.isEmpty ? -1 : 0
        while index != -1 {
            let symbol = symbols[index]
            if let pieceID = symbol.pieceID, pieces[pieceID].type != .unused {
                output.append((symbol.start..<symbol.end, pieceID))
            } else {
                resegment(symbol.start..<symbol.end)
            }
            index = symbol.next
        }
        return output
    }
}

private struct Symbol {
    var start: Int
    var end: Int
    /// Id among the mergeable pieces, nil for a character that is not one.
    var pieceID: Int?
    let frozen: Bool
    var previous: Int
    var next: Int
    var isEmpty: Bool { start == end }
}

private struct Candidate {
    let score: Float
    let left: Int
    let right: Int
    let size: Int
    let mergedID: Int

    /// sentencepiece's `SymbolPairComparator`: higher score first, then the leftmost pair.
    func precedes(_ other: Candidate) -> Bool {
        score != other.score ? score > other.score : left < other.left
    }
}
