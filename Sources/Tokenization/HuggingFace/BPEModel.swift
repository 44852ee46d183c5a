import JSONDocument

/// The `BPE` model of a Hugging Face `tokenizer.json` (tokenizers' `models::bpe::BPE`), restricted
/// to what LLaMA files use: no dropout, no continuing-subword prefix or end-of-word suffix.
struct BPEModel: Sendable {
    let tokenIDs: [ExactString: Int]
    let tokensByID: [Int: String]
    /// (left id, right id) -> (rank, merged id); a later duplicate merge replaces an earlier one.
    let merges: [UInt64: (rank: Int, mergedID: Int)]
    let unknownID: Int?
    let byteFallback: Bool
    let fuseUnknown: Bool
    let ignoreMerges: Bool
    /// `<0xXX>` token id per byte value, looked up the way tokenizers formats it.
    let byteTokenIDs: [Int?]

    init(_ model: JSONObjectReader) throws(TokenizationError) {
        let file = model.file
        if let dropout = model["dropout"], !dropout.isNull, dropout != .number(0) {
            throw .unsupported(file: file, feature: "BPE dropout \(dropout)")
        }
        for key in ["continuing_subword_prefix", "end_of_word_suffix"] {
            if let value = try model.optionalString(key), !value.isEmpty {
                throw .unsupported(file: file, feature: "BPE \(key) \"\(value)\"")
            }
        }
        let vocabulary = try model.objectReader("vocab")
        var tokenIDs: [ExactString: Int] = [:]
        var tokensByID: [Int: String] = [:]
        tokenIDs.reserveCapacity(vocabulary.members.count)
        for member in vocabulary.members {
            let token = member.key
            let value = member.value
            guard let id = value.integer, id >= 0 else { throw vocabulary.mistyped(token, "a non-negative integer id") }
            tokenIDs[ExactString(token)] = id
            if let other = tokensByID.updateValue(token, forKey: id), !other.isIdentical(to: token) {
                throw .inconsistent(file: file, reason: "model.vocab gives id \(id) to both \"\(other)\" and \"\(token)\"")
            }
        }

        var merges: [UInt64: (rank: Int, mergedID: Int)] = [:]
        let mergeList = try model.array("merges")
        merges.reserveCapacity(mergeList.count)
        for (rank, entry) in mergeList.enumerated() {
            let left: String
            let right: String
            if let line = entry.stringValue {
                // Legacy form "a b": split at the first ASCII space.
                guard let space = line.firstIndex(of: " ") else {
                    throw .invalidJSON(file: file, reason: "model.merges[\(rank)] \"\(line)\" is not two tokens separated by a space")
                }
                left = String(line[..<space])
                right = String(line[line.index(after: space)...])
            } else if let pair = entry.arrayValue, pair.count == 2, let first = pair[0].stringValue,
                let second = pair[1].stringValue
            {
                left = first
                right = second
            } else {
                throw .invalidJSON(file: file, reason: "model.merges[\(rank)] is neither \"a b\" nor [\"a\", \"b\"]")
            }
            guard let leftID = tokenIDs[ExactString(left)], let rightID = tokenIDs[ExactString(right)],
                let mergedID = tokenIDs[ExactString(left + right)]
            else {
                throw .inconsistent(file: file, reason: "model.merges[\(rank)] (\"\(left)\", \"\(right)\") uses a token missing from model.vocab")
            }
            merges[SentencePieceModel.pairKey(leftID, rightID)] = (rank, mergedID)
        }

        if let unknown = try model.optionalString("unk_token") {
            guard let id = tokenIDs[ExactString(unknown)] else {
                throw .inconsistent(file: file, reason: "model.unk_token \"\(unknown)\" is not in model.vocab")
            }
            unknownID = id
        } else {
            unknownID = nil
        }
        self.tokenIDs = tokenIDs
        self.tokensByID = tokensByID
        self.merges = merges
        self.byteFallback = try model.bool("byte_fallback", default: false)
        self.fuseUnknown = try model.bool("fuse_unk", default: false)
        self.ignoreMerges = try model.bool("ignore_merges", default: false)
        self.byteTokenIDs = (0..<256).map { byte in tokenIDs[ExactString(Self.byteTokenName(UInt8(byte)))] }
    }

    /// tokenizers writes byte tokens as `format!("<{:#04X}>", b)`: "<0x0A>".
    static func byteTokenName(_ byte: UInt8) -> String {
        let hex = String(byte, radix: 16, uppercase: true)
        return "<0x" + (hex.count == 1 ? "0" + hex : hex) + ">"
    }

    /// Ids for one pre-tokenized word (`BPE::tokenize`).
    func tokenize(_ word: String) -> [Int] {
        guard !word.isEmpty else { return [] }
        if ignoreMerges, let id = tokenIDs[ExactString(word)] { return [id] }

        // merge_word: one symbol per Unicode scalar; unknown scalars become byte tokens or (fused) unk.
        var symbols: [WordSymbol] = []
        var pendingUnknownLength: Int?
        func appendSymbol(_ id: Int, _ length: Int) {
            let index = symbols.count
            symbols.append(WordSymbol(id: id, length: length, previous: index - 1, next: -1))
            if index > 0 { symbols[index - 1].next = index }
        }
        for scalar in word.unicodeScalars {
            let text = String(scalar)
            let length = text.utf8.count
            if let id = tokenIDs[ExactString(text)] {
                if let unknownLength = pendingUnknownLength, let unknownID {
                    appendSymbol(unknownID, unknownLength)
                    pendingUnknownLength = nil
                }
                appendSymbol(id, length)
                continue
            }
            if byteFallback {
                let byteIDs = text.utf8.map { byteTokenIDs[Int($0)] }
                if byteIDs.allSatisfy({ $0 != nil }) {
                    for id in byteIDs { appendSymbol(id ?? 0, 1) }
                    continue
                }
            }
            if let unknownID {
                if let unknownLength = pendingUnknownLength {
                    if fuseUnknown {
                        pendingUnknownLength = unknownLength + length
                    } else {
                        appendSymbol(unknownID, unknownLength)
                        pendingUnknownLength = length
                    }
                } else {
                    pendingUnknownLength = length
                }
            }
        }
        if let unknownLength = pendingUnknownLength, let unknownID { appendSymbol(unknownID, unknownLength) }

        mergeAll(&symbols)
        return symbols.filter { $0.length != 0 }.map(\.id)
    }

    /// `Word::merge_all`: lowest rank first, leftmost on ties; stale queue entries are skipped.
    private func mergeAll(_ symbols: inout [WordSymbol]) {
        var queue = PriorityQueue<MergeCandidate> { $0.precedes($1) }
        for index in symbols.indices.dropFirst() {
            if let merge = merges[SentencePieceModel.pairKey(symbols[index - 1].id, symbols[index].id)] {
                queue.push(MergeCandidate(position: index - 1, rank: merge.rank, mergedID: merge.mergedID))
            }
        }
        while let top = queue.pop() {
            let current = symbols[top.position]
            guard current.length != 0, current.next != -1 else { continue }
            let right = symbols[current.next]
            guard let merge = merges[SentencePieceModel.pairKey(current.id, right.id)], merge.mergedID == top.mergedID else {
                continue
            }
            symbols[top.position].id = top.mergedID
            symbols[top.position].length += right.length
            symbols[top.position].next = right.next
            symbols[current.next].length = 0
            if right.next >= 0 { symbols[right.next].previous = top.position }

            let merged = symbols[top.position]
            if merged.previous >= 0,
                let merge = merges[SentencePieceModel.pairKey(symbols[merged.previous].id, merged.id)]
            {
                queue.push(MergeCandidate(position: merged.previous, rank: merge.rank, mergedID: merge.mergedID))
            }
            if merged.next >= 0, let merge = merges[SentencePieceModel.pairKey(merged.id, symbols[merged.next].id)] {
                queue.push(MergeCandidate(position: top.position, rank: merge.rank, mergedID: merge.mergedID))
            }
        }
    }
}

private struct WordSymbol {
    var id: Int
    var length: Int
    var previous: Int
    var next: Int
}

private struct MergeCandidate {
    let position: Int
    let rank: Int
    let mergedID: Int

    func precedes(_ other: MergeCandidate) -> Bool {
        rank != other.rank ? rank < other.rank : position < other.position
    }
}
