import Foundation
import JSONDocument

/// A Hugging Face `tokenizer.json` of the LLaMA family, ready to encode and decode the way the
/// `tokenizers` library does.
struct TokenizerFile: Sendable {
    let model: BPEModel
    let normalizer: Normalizer?
    let preTokenizer: PreTokenizer?
    let decoder: TokenDecoder?
    let postProcessor: PostProcessor?
    let addedTokens: [AddedToken]
    private let addedTokensByID: [Int: AddedToken]
    private let rawMatcher: AddedTokenMatcher
    private let normalizedMatcher: AddedTokenMatcher

    init(data: Data, file: String) throws(TokenizationError) {
        let root = try JSONObjectReader(try JSONValue.parse(data, file: file), file: file, path: "")
        let modelReader = try root.objectReader("model")
        let type = try modelReader.optionalString("type") ?? "BPE"
        guard type == "BPE" else {
            throw .unsupported(file: file, feature: "model type \"\(type)\" (only BPE is implemented)")
        }
        model = try BPEModel(modelReader)
        normalizer = root.has("normalizer") ? try Normalizer(root["normalizer"] ?? .null, file: file, path: "normalizer") : nil
        preTokenizer = root.has("pre_tokenizer") ? try PreTokenizer(root["pre_tokenizer"] ?? .null, file: file, path: "pre_tokenizer") : nil
        decoder = root.has("decoder") ? try TokenDecoder(root["decoder"] ?? .null, file: file, path: "decoder") : nil
        postProcessor = root.has("post_processor") ? try PostProcessor(root["post_processor"] ?? .null, file: file, path: "post_processor") : nil
        if let truncation = root["truncation"], !truncation.isNull {
            throw .unsupported(file: file, feature: "truncation settings")
        }
        if let padding = root["padding"], !padding.isNull {
            throw .unsupported(file: file, feature: "padding settings")
        }

        var added: [AddedToken] = []
        let addedList = root.has("added_tokens") ? try root.array("added_tokens") : []
        for (index, entry) in addedList.enumerated() {
            let reader = try JSONObjectReader(entry, file: file, path: "added_tokens[\(index)]")
            added.append(try AddedToken(reader, id: try reader.int("id"), defaultSpecial: false))
        }
        addedTokens = added
        addedTokensByID = Dictionary(added.map { ($0.id, $0) }, uniquingKeysWith: { _, last in last })
        let normalizer = self.normalizer
        rawMatcher = AddedTokenMatcher(added.filter { !$0.normalized }) { $0.content }
        normalizedMatcher = AddedTokenMatcher(added.filter(\.normalized)) { normalizer?.normalize($0.content) ?? $0.content }
        for (tokenID, token) in addedTokensByID {
            if let modelToken = model.tokensByID[tokenID], !modelToken.isIdentical(to: token.content) {
                throw .inconsistent(file: file, reason: "added token \(tokenID) \"\(token.content)\" has the id of model token \"\(modelToken)\"")
            }
        }
    }

    /// One past the largest id of the model or the added tokens (tokenizers' `get_vocab_size(true)`
    /// counts entries; LLaMA vocabularies are contiguous, so the two agree).
    var vocabularySize: Int {
        max((model.tokensByID.keys.max() ?? -1) + 1, (addedTokensByID.keys.max() ?? -1) + 1)
    }

    func id(ofToken token: String) -> Int? {
        addedTokens.last(where: { $0.content.isIdentical(to: token) })?.id ?? model.tokenIDs[ExactString(token)]
    }

    func token(ofID id: Int) -> String? {
        addedTokensByID[id]?.content ?? model.tokensByID[id]
    }

    /// `Tokenizer::encode` without the post-processor: added tokens in the raw text, then the
    /// normalizer and normalized added tokens per remaining piece, the pre-tokenizer, the BPE model.
    func encode(_ text: String) -> [Int] {
        var ids: [Int] = []
        for rawSegment in rawMatcher.split(text, startsText: true) {
            guard case .text(let raw, let startsText) = rawSegment else {
                if case .token(let id) = rawSegment { ids.append(id) }
                continue
            }
            let normalized = normalizer?.normalize(raw) ?? raw
            for segment in normalizedMatcher.split(normalized, startsText: startsText) {
                switch segment {
                case .token(let id):
                    ids.append(id)
                case .text(let piece, let startsText):
                    guard !piece.isEmpty else { continue }
                    let words = preTokenizer?.split(piece, startsText: startsText) ?? [piece]
                    for word in words { ids.append(contentsOf: model.tokenize(word)) }
                }
            }
        }
        return ids
    }

    /// Ids of the added tokens marked special.
    var specialIDs: Set<Int> { Set(addedTokens.filter(\.special).map(\.id)) }

    /// `Tokenizer::decode`: ids to token strings (unknown ids are skipped, and so are the ids in
    /// `skipped`), then the decoder chain; without a decoder the tokens are joined by spaces.
    func decode(_ ids: [Int], skipping skipped: Set<Int>) -> String {
        let tokens = ids.compactMap { id -> String? in
            guard !skipped.contains(id) else { return nil }
            return token(ofID: id)
        }
        guard let decoder else { return tokens.joined(separator: " ") }
        return decoder.decode(tokens)
    }
}
