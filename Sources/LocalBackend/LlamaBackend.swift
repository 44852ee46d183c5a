public import Checkpoint
public import Evaluation
public import Foundation
import Llama
import Puzzles
public import TensorCore
import Tokenization

/// A Hugging Face LLaMA checkpoint decoded on this machine: batched greedy decoding of the Llama
/// module, seen by the evaluator only through its `CompletionBackend` protocol.
public struct LlamaBackend: CompletionBackend {
    /// It can end a completion once its verdict and calculator repair are decided
    /// (`VerdictStopCondition`).
    public static let capabilities = BackendCapabilities(earlyStop: true)

    public let descriptor: BackendDescriptor
    /// The threads its products run on.
    public let context: ComputeContext
    private let loaded: LoadedLlama

    /// Loads the model, then fixes its compute context and batch size: `threads` nil picks
    /// `AutomaticSettings.threadCount` for this model, and with `automaticBatchSize`,
    /// `decoding.batchSize` is replaced by `AutomaticSettings.batchSize`, whose memory check counts
    /// that context's per-thread workspaces.
    /// - Precondition: `threads` is nil or at least 1.
    public init(model: URL, adapter: URL?, weights: WeightPrecision, threads: Int?, decoding: DecodingSettings,
                automaticBatchSize: Bool = false) throws {
        let modelIdentity = try ArtifactIdentity.hashing(directory: model)
        let adapterIdentity = try adapter.map { url throws(EvaluationError) in
            try ArtifactIdentity.hashing(directory: url)
        }
        loaded = try LoadedLlama(model: model, adapter: adapter, weights: weights, tokenizerKind: nil)
        context = ComputeContext(
            threads: threads
                ?? AutomaticSettings.threadCount(parameterCount: loaded.checkpoint.summary.parameterCount)
                ?? ComputeContext.machineDefault.threads)
        var decoding = decoding.limited(to: Self.capabilities)
        if automaticBatchSize {
            decoding.batchSize = AutomaticSettings.batchSize(
                model: loaded.model, maxNewTokens: decoding.maxNewTokens, context: context)
        }
        descriptor = BackendDescriptor(kind: Self.kind(weightFormats: loaded.model.weightFormats), model: modelIdentity,
                                       adapter: adapterIdentity, decoding: decoding)
    }

    /// "llama" when every weight is Float32 in memory (as every run was before 16-bit weights),
    /// else "llama-float16" or "llama-bfloat16": 16-bit weights round differently, so a run
    /// directory records which arithmetic produced it and resume refuses to mix the two.
    static func kind(weightFormats: [StorageFormat]) -> String {
        (["llama"] + weightFormats.filter { $0 != .float32 }.map(\.rawValue)).joined(separator: "-")
    }

    public func complete(_ prompts: [EvalPrompt], onCompletion: (Int, BackendCompletion) throws -> Void) throws {
        guard !prompts.isEmpty else { return }
        let decoder = try GreedyDecoder(
            model: loaded.model, batchSize: descriptor.decoding.batchSize,
            maxNewTokens: descriptor.decoding.maxNewTokens, eosTokenIDs: loaded.eosTokenIDs, context: context)
        // With early stop, each completion ends once its verdict and calculator repair are decided
        // (docs/rules.md section 8).
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
