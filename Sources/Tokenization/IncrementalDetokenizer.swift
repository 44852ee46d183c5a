/// The text of generated ids as they come, for a caller that must react to the text while decoding
/// goes on (stop rules). It never re-decodes the whole sequence: each new id costs the decoding of a
/// short window (the previous segment and the new one). The final text of a completion is still
/// `Tokenizer.decode` of all its ids; this gives its bytes as they become certain.
///
/// What makes a piece of text certain:
/// - byte-fallback ids (`<0xE2>`) wait for the next id with text of its own: only a whole run of them
///   decodes to characters (or, if malformed, to U+FFFD; tokenizers' ByteFallback turns every byte
///   of a malformed run into U+FFFD, even an ASCII one such as a newline `<0x0A>`). Special ids
///   (skipped by the decoding) and ids outside the vocabulary do not end a run, so they wait too;
/// - the window starts at a segment with visible text, so that decoders that drop the first id's
///   leading space (SentencePiece's dummy prefix, `Strip`, `Metaspace`) treat the window as they
///   treat the whole text.
/// transformers' `clean_up_tokenization_spaces` (off for LLaMA) may remove a space the caller has
/// already seen before `.`, `,`, `?`, `!` or `'`; then the caller sees that extra space.
public struct IncrementalDetokenizer: Sendable {
    private let tokenizer: Tokenizer
    /// Ids from the start of the window; `window[..<certainCount]` have had their text handed out.
    private var window: [Int] = []
    private var certainCount = 0
    /// The UTF-8 text of `window[..<certainCount]` decoded alone.
    private var certainText: [UInt8] = []

    public init(tokenizer: Tokenizer) {
        self.tokenizer = tokenizer
    }

    /// Takes the next generated id; returns the UTF-8 bytes of text that became certain (often none
    /// or one token's worth).
    public mutating func append(_ id: Int) -> [UInt8] {
        window.append(id)
        guard !tokenizer.isByteFallbackToken(id), !tokenizer.specialIDs.contains(id),
              id >= 0, id < tokenizer.vocabularySize
        else { return [] }
        let text = Array(tokenizer.decode(window, skipSpecialTokens: true).utf8)
        var common = 0
        while common < text.count, common < certainText.count, text[common] == certainText[common] { common += 1 }
        let new = Array(text[common...])
        // The window moves on to the segment just handed out, unless that one has no visible text
        // yet (a lone space piece, a special token): then it keeps its older start.
        let segment = Array(window[certainCount...])
        let segmentText = Array(tokenizer.decode(segment, skipSpecialTokens: true).utf8)
        if segmentText.contains(where: { $0 != 0x20 }) {
            window = segment
            certainCount = segment.count
            certainText = segmentText
        } else {
            certainCount = window.count
            certainText = text
        }
        return new
    }
}
