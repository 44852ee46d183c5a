import Llama

/// `reckon score`'s defaults for the batch size and the OpenBLAS threads when the user gives none:
/// the fastest measured choice that is safe for the model at hand (figures in the README, "Defaults").
enum AutomaticSettings {
    /// Batch sizes tried, largest first. 64 is the cap: on models/tiny it is what the committed runs
    /// used (18,229 tokens/s against 4,750 at batch 1, Haswell kernels, a quiet machine), and on a busy
    /// 2-core machine batches of 128 and 256 took the same CPU time within noise, while every extra slot
    /// costs KV-cache memory. For a 3B model the decode step is bound by reading the weights at batch 1
    /// (~2 tokens/s) and by the GEMMs from batch ~32 up, so the largest batch that fits is also the
    /// fastest: on a 24 GiB machine open_llama_3b in float32 leaves room for 32 slots but not 64, and the
    /// memory check decides.
    static let batchSizeCandidates = [64, 32, 16, 8, 4, 2, 1]

    /// Prompt length assumed when choosing before the prompts are tokenized: above the longest
    /// eval-set prompt (N=8 with numbers up to 1000 is ~40 tokens with a digit-splitting tokenizer).
    static let assumedPromptTokens = 64

    /// The largest candidate batch whose KV cache and activations fit in the memory available now
    /// (after the weights are loaded); 1 when none does (then decoding reports the shortfall).
    static func batchSize(model: LlamaModel, maxNewTokens: Int) -> Int {
        batchSizeCandidates.first {
            GreedyDecoder.fitsInMemory(
                model: model, batchSize: $0, promptTokens: assumedPromptTokens, maxNewTokens: maxNewTokens)
        } ?? 1
    }

    /// Below this many parameters a model runs on one OpenBLAS thread. Its matrix products are too
    /// small to share: measured on models/tiny (1M parameters) on the shared 2-core machine, 1,000
    /// puzzles at batch 1 took 4.7 s with one thread and 21.9 s with two (6 s of it in the kernel,
    /// threads waiting for each other), and the README records 190 s against 2.6 s for 200 puzzles
    /// while training jobs ran. Large models (the decode benchmark's 134M, a 3B) are GEMM-bound and use
    /// every core, as OpenBLAS does by default. Between 1M and 20M parameters nothing was measured; the
    /// limit stays well below the sizes where a second core is known to help.
    static let singleThreadParameterLimit = 20_000_000

    /// One thread for a small model, nil (OpenBLAS's default: all cores) otherwise.
    static func threadCount(parameterCount: Int) -> Int? {
        parameterCount < singleThreadParameterLimit ? 1 : nil
    }
}
