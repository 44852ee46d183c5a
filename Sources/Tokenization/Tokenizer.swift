/// A LLaMA-family tokenizer loaded from a model directory: `tokenizer.json` (Hugging Face
/// `tokenizers`) or `tokenizer.model` (SentencePiece), plus the transformers configuration files.
public struct Tokenizer: Sendable {
    /// Which file the tokenizer was built from.
    public enum Kind: String, Sendable, Equatable, CustomStringConvertible {
        /// `tokenizer.model`, encoded and decoded as the sentencepiece library does.
        case sentencePiece = "sentencepiece"
        /// `tokenizer.json`, encoded and decoded as the Hugging Face tokenizers library does.
        case tokenizerJSON = "tokenizer.json"

        public var description: String { rawValue }
    }

    public let kind: Kind
    /// Number of ids: the model's vocabulary plus added tokens beyond it (32002 for the paper's setup).
    public let vocabularySize: Int
    public let bosTokenID: Int?
    public let eosTokenID: Int?
    public let padTokenID: Int?
    public let unknownTokenID: Int?
    public let bosToken: String?
    public let eosToken: String?
    public let padToken: String?
    public let unknownToken: String?
    /// Whether `encode(_:addSpecialTokens: true)` starts with the BOS id.
    public var addsBOS: Bool { bosTokenID.map { specialPrefixIDs.contains($0) } ?? false }
    /// Whether `encode(_:addSpecialTokens: true)` ends with the EOS id.
    public var addsEOS: Bool { eosTokenID.map { specialSuffixIDs.contains($0) } ?? false }

    let backend: Backend
    let specialPrefixIDs: [Int]
    let specialSuffixIDs: [Int]
    /// Ids that `decode(_:skipSpecialTokens: true)` drops.
    let specialIDs: Set<Int>
    let cleansUpTokenizationSpaces: Bool

    enum Backend: Sendable {
        case sentencePiece(SentencePieceBackend)
        case tokenizerFile(TokenizerFile)
    }

    /// Token ids for `text`. With `addSpecialTokens`, the BOS/EOS ids the configuration asks for are
    /// added around the text's ids (BOS only, for LLaMA).
    public func encode(_ text: String, addSpecialTokens: Bool = true) -> [Int] {
        let ids: [Int] =
            switch backend {
            case .sentencePiece(let backend): backend.encode(text)
            case .tokenizerFile(let file): file.encode(text)
            }
        guard addSpecialTokens else { return ids }
        return specialPrefixIDs + ids + specialSuffixIDs
    }

    /// Text for `ids`. Ids outside the vocabulary are skipped (as tokenizers does); with
    /// `skipSpecialTokens`, BOS/EOS/UNK/PAD and other special tokens are dropped too.
    public func decode(_ ids: [Int], skipSpecialTokens: Bool = true) -> String {
        let text: String
        switch backend {
        case .sentencePiece(let backend):
            text = backend.decode(ids, skipping: skipSpecialTokens ? specialIDs : [])
        case .tokenizerFile(let file):
            text = file.decode(ids, skipping: skipSpecialTokens ? specialIDs : [])
        }
        return cleansUpTokenizationSpaces ? Self.cleanUpTokenizationSpaces(text) : text
    }

    /// Whether `id` is a byte-fallback token (`<0x0A>`): its text depends on the byte tokens around it.
    public func isByteFallbackToken(_ id: Int) -> Bool {
        switch backend {
        case .sentencePiece(let backend):
            return backend.addedTokensByID[id] == nil && id >= 0 && id < backend.model.pieces.count
                && backend.model.pieces[id].type == .byte
        case .tokenizerFile(let file):
            return file.token(ofID: id).flatMap(TokenDecoder.byteValue) != nil
        }
    }

    /// The id of a token string (an added token or a vocabulary entry), if there is one.
    public func tokenID(of token: String) -> Int? {
        switch backend {
        case .sentencePiece(let backend): backend.exactID(of: token)
        case .tokenizerFile(let file): file.id(ofToken: token)
        }
    }

    /// transformers' `clean_up_tokenization`, applied only when tokenizer_config.json asks for it.
    static func cleanUpTokenizationSpaces(_ text: String) -> String {
        let rules = [
            (" .", "."), (" ?", "?"), (" !", "!"), (" ,", ","), (" ' ", "'"), (" n't", "n't"), (" 'm", "'m"),
            (" 's", "'s"), (" 've", "'ve"), (" 're", "'re"),
        ]
        return rules.reduce(text) { $0.replacingAll($1.0, with: $1.1) }
    }
}
