/// A SentencePiece model plus the tokens transformers adds after its vocabulary (such as a
/// `<pad>` at 32000). Text is split on those added tokens first, as the slow `LlamaTokenizer`
/// does, and each remaining piece goes to SentencePiece on its own. Tokens that are pieces of the
/// model itself (`<s>`, `</s>`, `<unk>`) are not matched in text: sentencepiece encodes their
/// spelling as ordinary characters.
struct SentencePieceBackend: Sendable {
    let model: SentencePieceModel
    let addedTokensByID: [Int: AddedToken]
    private let addedTokenMatcher: AddedTokenMatcher

    init(model: SentencePieceModel, addedTokens: [AddedToken]) {
        self.model = model
        let beyondVocabulary = addedTokens.filter { $0.id >= model.pieces.count }
        addedTokensByID = Dictionary(beyondVocabulary.map { ($0.id, $0) }, uniquingKeysWith: { _, last in last })
        addedTokenMatcher = AddedTokenMatcher(beyondVocabulary) { $0.content }
    }

    var vocabularySize: Int { max(model.pieces.count, (addedTokensByID.keys.max() ?? -1) + 1) }

    func exactID(of token: String) -> Int? {
        addedTokensByID.values.first(where: { $0.content == token })?.id ?? model.exactID(ofPiece: token)
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

    /// Runs of model ids are decoded by SentencePiece; added tokens contribute their text.
    func decode(_ ids: [Int], skipping skipped: Set<Int>) -> String {
        var text = ""
        var run: [Int] = []
        for id in ids where !skipped.contains(id) {
            if id >= 0, id < model.pieces.count {
                run.append(id)
            } else if let token = addedTokensByID[id] {
                text += model.decode(run) + token.content
                run.removeAll()
            }
        }
        return text + model.decode(run)
    }
}
