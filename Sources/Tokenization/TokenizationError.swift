/// Everything that can go wrong while loading a tokenizer. Each case names the file and the problem.
public enum TokenizationError: Error, CustomStringConvertible, Equatable {
    /// The directory holds neither `tokenizer.json` nor `tokenizer.model`.
    case noTokenizerFile(directory: String)
    /// A file exists but could not be read.
    case unreadableFile(file: String, reason: String)
    /// A `tokenizer.model` is not a valid SentencePiece ModelProto.
    case invalidProtobuf(file: String, reason: String)
    /// A JSON file is not valid JSON or lacks a required key of the right type.
    case invalidJSON(file: String, reason: String)
    /// The file asks for a model, normalizer, pre-tokenizer, decoder, post-processor or option
    /// that Reckon does not implement; guessing would silently change token ids.
    case unsupported(file: String, feature: String)
    /// The file is structurally valid but inconsistent (duplicate pieces, merges naming missing
    /// tokens, special-token ids out of range, ...).
    case inconsistent(file: String, reason: String)

    public var description: String {
        switch self {
        case .noTokenizerFile(let directory):
            "\(directory): no tokenizer.json or tokenizer.model found"
        case .unreadableFile(let file, let reason):
            "\(file): cannot read the file: \(reason)"
        case .invalidProtobuf(let file, let reason):
            "\(file): not a SentencePiece model (invalid protobuf): \(reason)"
        case .invalidJSON(let file, let reason):
            "\(file): invalid JSON: \(reason)"
        case .unsupported(let file, let feature):
            "\(file): unsupported \(feature)"
        case .inconsistent(let file, let reason):
            "\(file): \(reason)"
        }
    }
}
