import Checkpoint
import Evaluation
import Foundation
import Llama
import Puzzles
import Tokenization

/// The real model behind `reckon score`: batched greedy decoding of the Llama module, seen by the
/// evaluator only through its `CompletionBackend` protocol.
struct LlamaBackend: CompletionBackend {
    let descriptor: BackendDescriptor
    private let loaded: LoadedLlama

    /// With `automaticBatchSize`, `decoding.batchSize` is replaced by `AutomaticSettings.batchSize`
    /// for this model once it is loaded.
    init(model: String, adapter: String?, weights: WeightPrecision, decoding: DecodingSettings,
         automaticBatchSize: Bool = false) throws {
        let modelURL = URL(fileURLWithPath: model)
        let adapterURL = adapter.map { URL(fileURLWithPath: $0) }
        let modelIdentity = try ArtifactIdentity.hashing(directory: modelURL)
        let adapterIdentity = try adapterURL.map { url throws(EvaluationError) in
            try ArtifactIdentity.hashing(directory: url)
        }
        loaded = try LoadedLlama(model: modelURL, adapter: adapterURL, weights: weights, tokenizerKind: nil)
        var decoding = decoding
        if automaticBatchSize {
            decoding.batchSize = AutomaticSettings.batchSize(model: loaded.model, maxNewTokens: decoding.maxNewTokens)
        }
        descriptor = BackendDescriptor(kind: Self.kind(weightFormats: loaded.model.weightFormats), model: modelIdentity,
                                       adapter: adapterIdentity, decoding: decoding)
    }

    /// "llama" when every weight is Float32 in memory (as every run was before 16-bit weights),
    /// else "llama-float16" or "llama-bfloat16": 16-bit weights round differently, so a run
    /// directory records which arithmetic produced it and resume refuses to mix the two.
    static func kind(weightFormats: [String]) -> String {
        let sixteenBit = weightFormats.filter { $0 != "float32" }
        return sixteenBit.isEmpty ? "llama" : "llama-" + sixteenBit.joined(separator: "-")
    }

    /// OpenBLAS threads for this model when the user gives none (see `AutomaticSettings`).
    var automaticThreadCount: Int? {
        AutomaticSettings.threadCount(parameterCount: loaded.checkpoint.summary.parameterCount)
    }

    func complete(_ prompts: [EvalPrompt], onCompletion: (Int, BackendCompletion) throws -> Void) throws {
        guard !prompts.isEmpty else { return }
        let decoder = try GreedyDecoder(
            model: loaded.model, batchSize: descriptor.decoding.batchSize,
            maxNewTokens: descriptor.decoding.maxNewTokens, eosTokenIDs: loaded.eosTokenIDs)
        // With early stop, each completion ends once its verdict is decided (puzzle-spec.md section 8).
        let puzzles = descriptor.decoding.earlyStop ? try prompts.map { try PromptParser.parse($0.text) } : []
        let tokenizer = loaded.tokenizer
        _ = try decoder.decode(
            prompts: prompts.map { loaded.promptTokens($0.text) },
            stopCondition: { index in
                puzzles.isEmpty ? nil : VerdictStopCondition(puzzle: puzzles[index], tokenizer: tokenizer)
            }
        ) { index, completion in
            let stop: StopReason =
                switch completion.stop {
                case .eos: .eos
                case .length: .length
                case .stopCondition: .decided
                }
            try onCompletion(index, BackendCompletion(
                text: tokenizer.decode(completion.tokens, skipSpecialTokens: true),
                generatedTokens: completion.generatedTokenCount, stop: stop))
        }
    }
}
