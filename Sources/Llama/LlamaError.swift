/// Everything the model or the decoder refuses, each with the numbers that made it refuse.
public enum LlamaError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A weight holds NaN or ±infinity; `index` is the first offending element (row-major).
    case nonFiniteWeight(tensor: String, index: Int, value: Float)
    /// `decode` was given no prompts.
    case emptyPromptList
    /// Prompt `index` has no tokens (a LLaMA prompt starts with at least BOS).
    case emptyPrompt(index: Int)
    /// Prompt `index` holds a token id outside the vocabulary.
    case tokenOutOfRange(prompt: Int, position: Int, token: Int, vocabularySize: Int)
    /// Prompt `index` plus the tokens to generate exceeds `max_position_embeddings`.
    case promptTooLong(index: Int, promptTokens: Int, maxNewTokens: Int, contextLength: Int)
    /// A decoder setting out of range (batch size or max-new-tokens below 1, a negative EOS id).
    case invalidSetting(name: String, value: Int, reason: String)
    /// The KV cache and activations for this batch would not fit in memory.
    case insufficientMemory(requiredBytes: Int, availableBytes: Int, batchSize: Int, sequenceLength: Int)

    public var description: String {
        switch self {
        case let .nonFiniteWeight(tensor, index, value):
            "weight '\(tensor)' holds \(value) at element \(index); the checkpoint (or the merged adapter) is corrupt"
        case .emptyPromptList:
            "no prompts to decode"
        case let .emptyPrompt(index):
            "prompt \(index) has no tokens; a prompt needs at least the BOS token"
        case let .tokenOutOfRange(prompt, position, token, vocabularySize):
            "prompt \(prompt) has token id \(token) at position \(position), outside the vocabulary 0..<\(vocabularySize)"
        case let .promptTooLong(index, promptTokens, maxNewTokens, contextLength):
            "prompt \(index) has \(promptTokens) tokens; with \(maxNewTokens) new tokens that is "
                + "\(promptTokens + maxNewTokens) positions, more than the model's context of \(contextLength) "
                + "(max_position_embeddings); shorten the prompt or lower max-new-tokens"
        case let .invalidSetting(name, value, reason):
            "\(name) \(value): \(reason)"
        case let .insufficientMemory(requiredBytes, availableBytes, batchSize, sequenceLength):
            "a batch of \(batchSize) sequences of up to \(sequenceLength) positions needs "
                + "\(Self.mebibytes(requiredBytes)) MiB for the KV cache and activations, but only "
                + "\(Self.mebibytes(availableBytes)) MiB of memory is available; lower the batch size or max-new-tokens"
        }
    }

    private static func mebibytes(_ bytes: Int) -> Int { bytes / (1 << 20) }
}
