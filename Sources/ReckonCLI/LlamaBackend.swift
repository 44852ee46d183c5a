import Evaluation
import Foundation
import Llama
import Tokenization

/// The real model behind `reckon score`: batched greedy decoding of the Llama module, seen by the
/// evaluator only through its `CompletionBackend` protocol.
struct LlamaBackend: CompletionBackend {
    let descriptor: BackendDescriptor
    private let loaded: LoadedLlama

    init(model: String, adapter: String?, decoding: DecodingSettings) throws {
        let modelURL = URL(fileURLWithPath: model)
        let adapterURL = adapter.map { URL(fileURLWithPath: $0) }
        descriptor = BackendDescriptor(
            kind: "llama", model: try ArtifactIdentity.hashing(directory: modelURL),
            adapter: try adapterURL.map { url throws(EvaluationError) in try ArtifactIdentity.hashing(directory: url) },
            decoding: decoding)
        loaded = try LoadedLlama(model: modelURL, adapter: adapterURL, tokenizerKind: nil)
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
