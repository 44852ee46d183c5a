import Checkpoint
import Evaluation
import Foundation
import Llama
import Tokenization

/// The real model behind `reckon score`: batched greedy decoding of the Llama module, seen by the
/// evaluator only through its `CompletionBackend` protocol.
struct LlamaBackend: CompletionBackend {
    let descriptor: BackendDescriptor
    private let loaded: LoadedLlama

    init(model: String, adapter: String?, weights: WeightPrecision, decoding: DecodingSettings) throws {
        let modelURL = URL(fileURLWithPath: model)
        let adapterURL = adapter.map { URL(fileURLWithPath: $0) }
        loaded = try LoadedLlama(model: modelURL, adapter: adapterURL, weights: weights, tokenizerKind: nil)
        descriptor = BackendDescriptor(
            kind: Self.kind(weightFormats: loaded.model.weightFormats), model: try ArtifactIdentity.hashing(directory: modelURL),
            adapter: try adapterURL.map { url throws(EvaluationError) in try ArtifactIdentity.hashing(directory: url) },
            decoding: decoding)
    }

    /// "llama" when every weight is Float32 in memory (as every run was before 16-bit weights),
    /// else "llama-float16" or "llama-bfloat16": 16-bit weights round differently, so a run
    /// directory records which arithmetic produced it and resume refuses to mix the two.
    static func kind(weightFormats: [String]) -> String {
        let sixteenBit = weightFormats.filter { $0 != "float32" }
        return sixteenBit.isEmpty ? "llama" : "llama-" + sixteenBit.joined(separator: "-")
    }

    func complete(_ prompts: [EvalPrompt], onCompletion: (Int, BackendCompletion) throws -> Void) throws {
        guard !prompts.isEmpty else { return }
        let decoder = try GreedyDecoder(
            model: loaded.model, batchSize: descriptor.decoding.batchSize,
            maxNewTokens: descriptor.decoding.maxNewTokens, eosTokenIDs: loaded.eosTokenIDs)
        _ = try decoder.decode(prompts: prompts.map { loaded.promptTokens($0.text) }) { index, completion in
            try onCompletion(index, BackendCompletion(
                text: loaded.tokenizer.decode(completion.tokens, skipSpecialTokens: true),
                generatedTokens: completion.generatedTokenCount,
                stop: completion.stop == .eos ? .eos : .length))
        }
    }
}
