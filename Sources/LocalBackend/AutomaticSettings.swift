import Llama
import TensorCore

/// `reckon score`'s defaults for the batch size and the threads when the user gives none: the
/// fastest measured choice that is safe for the model at hand (measurements in docs/performance.md).
enum AutomaticSettings {
    /// Batch sizes tried, largest first. 64 is the cap: larger batches measured no faster on the
    /// bundled model while every slot costs KV-cache memory; for large models the largest batch
    /// that fits is the fastest, and the memory check decides.
    static let batchSizeCandidates = [64, 32, 16, 8, 4, 2, 1]

    /// Prompt length assumed when choosing before the prompts are tokenized: above the longest
    /// eval-set prompt (N=8 with numbers up to 1000 is ~40 tokens with a digit-splitting tokenizer).
    static let assumedPromptTokens = 64

    /// The largest candidate batch whose KV cache and activations fit in the memory available now
    /// (after the weights are loaded); 1 when none does (then decoding reports the shortfall).
    static func batchSize(model: LlamaModel, maxNewTokens: Int, context: ComputeContext) -> Int {
        batchSizeCandidates.first {
            GreedyDecoder.fitsInMemory(
                model: model, batchSize: $0, promptTokens: assumedPromptTokens, maxNewTokens: maxNewTokens,
                context: context)
        } ?? 1
    }

    /// Below this many parameters a model runs on one thread: its matrix products are too small
    /// to share, and two threads measured several times slower than one on the bundled model.
    /// Large models are GEMM-bound and use every core, as OpenBLAS does by default; sizes between
    /// were not measured, and the limit stays well below where a second core is known to help.
    static let singleThreadParameterLimit = 20_000_000

    /// One thread for a small model, nil (the machine's default: all cores) otherwise.
    static func threadCount(parameterCount: Int) -> Int? {
        parameterCount < singleThreadParameterLimit ? 1 : nil
    }
}
