package import Checkpoint
package import Foundation
package import Llama
package import Tokenization

/// A checkpoint (with its adapter merged), its model and tokenizer, and the ids that end generation:
/// what `complete` and `score` both load.
package struct LoadedLlama {
    package let checkpoint: LlamaCheckpoint
    package let model: LlamaModel
    package let tokenizer: Tokenizer
    /// config.json's eos_token_id(s) and the tokenizer's EOS.
    package let eosTokenIDs: Set<Int>

    package init(model directory: URL, adapter: URL?, weights: WeightPrecision, tokenizerKind: Tokenizer.Kind?) throws {
        checkpoint = try LlamaCheckpoint.load(directory: directory, adapter: adapter, weights: weights)
        model = try LlamaModel(checkpoint: checkpoint)
        tokenizer = try Tokenizer.load(directory: directory, kind: tokenizerKind)
        var eos = Set(checkpoint.configuration.eosTokenIDs)
        if let id = tokenizer.eosTokenID { eos.insert(id) }
        eosTokenIDs = eos
    }

    /// The model input for a prompt: BOS when the tokenizer's configuration adds it, then the prompt.
    package func promptTokens(_ text: String) -> [Int] {
        tokenizer.encode(text, addSpecialTokens: true)
    }
}
