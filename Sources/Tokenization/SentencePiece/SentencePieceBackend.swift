/// A SentencePiece model plus what transformers' slow `LlamaTokenizer` (4.x, legacy=True) keeps
/// around it: tokens added after the vocabulary (such as a `<pad>` at 32000) and the special-token
/// strings.
///
/// Encoding: text is split on the added tokens that lie beyond the SentencePiece vocabulary, as
/// the slow tokenizer does, and each remaining piece goes to SentencePiece on its own. Tokens that
/// are pieces of the model itself (`<s>`, `</s>`, `<unk>`) are not matched in text: sentencepiece
/// encodes their spelling as ordinary characters (4.x slow would map them; never put them in text).
///
/// Decoding follows the slow tokenizer's `_decode` and `convert_tokens_to_string`, which equals
/// `SentencePieceProcessor.decode` on ids without special tokens.
struct SentencePieceBackend: Sendable {
    let model: SentencePieceModel
    let addedTokensByID: [Int: AddedToken]
    /// bos/eos/unk/pad strings and additional special tokens (transformers' `all_special_tokens`).
    let specialTokens: Set<ExactString>
    /// Added tokens decoded as separate, space-joined texts (transformers' `legacy_added_tokens`).
    let separatelyDecodedTokens: Set<ExactString>
    /// LlamaTokenizer's `add_prefix_space` (default true): the first token loses a leading "▁".
    let addPrefixSpace: Bool
    private let addedTokenMatcher: AddedTokenMatcher

    init(model: SentencePieceModel, addedTokens: [AddedToken]) {
        self.init(
            model: model, addedTokens: addedTokens, specialTokens: [], additionalSpecialTokens: [],
            addPrefixSpace: true)
    }

    init(
        model: SentencePieceModel, addedTokens: [AddedToken], specialTokens: Set<ExactString>,
        additionalSpecialTokens: Set<ExactString>, addPrefixSpace: Bool
    ) {
        self.model = model
        addedTokensByID = Dictionary(addedTokens.map { ($0.id, $0) }, uniquingKeysWith: { _, last in last })
        let beyondVocabulary = addedTokens.filter { $0.id >= model.pieces.count }
        addedTokenMatcher = AddedTokenMatcher(beyondVocabulary) { $0.content }
        self.specialTokens = specialTokens
        var separate = Set(addedTokens.map { ExactString($0.content) }).subtracting(specialTokens)
        separate.formUnion(beyondVocabulary.map { ExactString($0.content) }.filter { additionalSpecialTokens.contains($0) })
        separatelyDecodedTokens = separate
        self.addPrefixSpace = addPrefixSpace
    }

    var vocabularySize: Int { max(model.pieces.count, (addedTokensByID.keys.max() ?? -1) + 1) }

    func exactID(of token: String) -> Int? {
        if let added = addedTokensByID.values.filter({ $0.content.isIdentical(to: token) }).map(\.id).min() { return added }
        return model.exactID(ofPiece: token)
    }

    func encode(_ text: String) -> [Int] {
        guard !addedTokenMatcher.isEmpty else { return model.encode(text) }
        var ids: [Int] = []
        for segment in addedTokenMatcher.split(text, startsText: true) {
            switch segment {
            case .token(let id): ids.append(id)
            case .text(let piece, _): ids.append(contentsOf: model.encode(piece))
            }
        }
        return ids
    }

    /// transformers 4.x `PreTrainedTokenizer._decode` (spaces_between_special_tokens=True) for
    /// `LlamaTokenizer` with legacy=True. Ids in `skipped` and ids out of range are dropped.
    func decode(_ ids: [Int], skipping skipped: Set<Int>) -> String {
        let tokens = ids.compactMap { id -> String? in
            guard !skipped.contains(id) else { return nil }
            if let added = addedTokensByID[id] { return added.content }
            return id >= 0 && id < model.pieces.count ? model.pieces[id].text : nil
        }
        var texts: [String] = []
        var current: [String] = []
        for token in tokens {
            if separatelyDecodedTokens.contains(ExactString(token)) {
                if !current.isEmpty {
                    let text = tokensToString(current)
                    if !text.isEmpty { texts.append(text) }
                    current.removeAll()
                }
                texts.append(token)
            } else {
                current.append(token)
            }
        }
        if !current.isEmpty { texts.append(tokensToString(current)) }
        return texts.joined(separator: " ")
    }

    /// `LlamaTokenizer.convert_tokens_to_string` (legacy=True): special tokens are copied, the runs
    /// between them go through `SentencePieceProcessor.decode` (pieces).
    private func tokensToString(_ input: [String]) -> String {
        var tokens = input
        let marker: Unicode.Scalar = "\u{2581}"
        // Python's startswith compares code points; String.hasPrefix would compare Characters.
        func startsWithMarker(_ token: String) -> Bool { token.unicodeScalars.first == marker }
        if addPrefixSpace, let first = tokens.first, startsWithMarker(first) {
            tokens[0] = String(first.unicodeScalars.dropFirst())
        }
        var output = ""
        var run: [String] = []
        var previousIsSpecial = false
        for (index, token) in tokens.enumerated() {
            if specialTokens.contains(ExactString(token)) {
                if !previousIsSpecial && index != 0 { output += " " }
                output += model.decode(pieces: run) + token
                previousIsSpecial = true
                run.removeAll()
            } else {
                if previousIsSpecial && index == 1 && addPrefixSpace && !startsWithMarker(token) { output += " " }
                run.append(token)
                previousIsSpecial = false
            }
        }
        return output + model.decode(pieces: run)
    }
}
