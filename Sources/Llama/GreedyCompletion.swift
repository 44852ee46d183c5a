/// What greedy decoding produced for one prompt.
public struct GreedyCompletion: Sendable, Hashable {
    /// Why decoding stopped.
    public enum Stop: String, Sendable, Hashable, Codable {
        /// The model produced one of the EOS ids (not included in `tokens`).
        case eos
        /// `maxNewTokens` tokens were generated.
        case length
        /// The caller's `SequenceStopCondition` ended the sequence after its last token.
        case stopCondition = "stop-condition"
    }

    /// The generated token ids, without the EOS that ended them.
    public var tokens: [Int]
    public var stop: Stop
    /// Tokens in the prompt (BOS included, if the prompt had one).
    public var promptTokenCount: Int

    /// Tokens the model generated, the EOS included when one ended the completion.
    public var generatedTokenCount: Int { tokens.count + (stop == .eos ? 1 : 0) }

    public init(tokens: [Int], stop: Stop, promptTokenCount: Int) {
        self.tokens = tokens
        self.stop = stop
        self.promptTokenCount = promptTokenCount
    }
}
