/// A token added on top of a model's vocabulary (`added_tokens` in tokenizer.json,
/// `added_tokens_decoder` in tokenizer_config.json, or added_tokens.json).
struct AddedToken: Sendable, Equatable {
    let id: Int
    let content: String
    let singleWord: Bool
    let leftStrip: Bool
    let rightStrip: Bool
    /// Matched in the normalized text (true) or in the raw input (false).
    let normalized: Bool
    let special: Bool

    init(
        id: Int, content: String, singleWord: Bool = false, leftStrip: Bool = false, rightStrip: Bool = false,
        normalized: Bool, special: Bool
    ) {
        self.id = id
        self.content = content
        self.singleWord = singleWord
        self.leftStrip = leftStrip
        self.rightStrip = rightStrip
        self.normalized = normalized
        self.special = special
    }

    /// Reads `{"content": ..., "single_word": ..., "lstrip": ..., "rstrip": ..., "normalized": ..., "special": ...}`.
    /// transformers and tokenizers default `normalized` to the opposite of `special`.
    init(_ reader: JSONObjectReader, id: Int, defaultSpecial: Bool) throws(TokenizationError) {
        let special = try reader.bool("special", default: defaultSpecial)
        self.init(
            id: id, content: try reader.string("content"),
            singleWord: try reader.bool("single_word", default: false),
            leftStrip: try reader.bool("lstrip", default: false),
            rightStrip: try reader.bool("rstrip", default: false),
            normalized: try reader.bool("normalized", default: !special),
            special: special)
    }
}
