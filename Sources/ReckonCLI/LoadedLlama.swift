import Checkpoint
import Foundation
import Llama
import Tokenization

/// A checkpoint (with its adapter merged), its model and tokenizer, and the ids that end generation:
/// what `complete` and `score` both load.
struct LoadedLlama {
    let checkpoint: LlamaCheckpoint
    let model: LlamaModel
    let tokenizer: Tokenizer
    /// config.json's eos_token_id(s) and the tokenizer's EOS.
    let eosTokenIDs: Set<Int>

    init(model directory: URL, adapter: URL?, weights: WeightPrecision, tokenizerKind: Tokenizer.Kind?) throws {
        checkpoint = try LlamaCheckpoint.load(directory: directory, adapter: adapter, weights: weights)
        model = try LlamaModel(checkpoint: checkpoint)
        tokenizer = try Tokenizer.load(directory: directory, kind: tokenizerKind)
        var eos = Set(checkpoint.configuration.eosTokenIDs)
        if let id = tokenizer.eosTokenID { eos.insert(id) }
        eosTokenIDs = eos
    }

    init(_ options: ModelOptions) throws {
        try self.init(
            model: options.modelURL, adapter: options.adapterURL, weights: options.weights,
            tokenizerKind: options.tokenizerKind)
    }

    /// The model input for a prompt: BOS when the tokenizer's configuration adds it, then the prompt.
    func promptTokens(_ text: String) -> [Int] {
        tokenizer.encode(text, addSpecialTokens: true)
    }
}
