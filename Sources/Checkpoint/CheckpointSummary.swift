import Foundation

/// What `reckon inspect` reports about a loaded checkpoint.
package struct CheckpointSummary: Sendable, CustomStringConvertible {
    /// Always "LlamaForCausalLM" (anything else is refused at load).
    package let architecture: String
    /// Elements of every loaded tensor (a tied output projection counted once, as `num_parameters()` does).
    package let parameterCount: Int
    /// Formats of the tensors as stored on disk ("float16", "bfloat16", "float32").
    package let storedDTypes: [String]
    /// The files read, with their sizes.
    package let files: [FileSummary]
    /// Tensors present in the files but not loaded on purpose (`rotary_emb.inv_freq` buffers,
    /// an `lm_head.weight` that `tie_word_embeddings` replaces).
    package let skippedTensors: [String]
    /// The adapter, if any.
    package let adapter: AdapterSummary?
    /// Formats of the weights as kept in memory, with `--weights` applied.
    package let inMemoryDTypes: [String]
    /// Bytes of every loaded weight in memory, plus an unmerged adapter's Float32 A and B.
    package let inMemoryByteCount: Int

    package var description: String {
        var lines = [
            "architecture: \(architecture)",
            "parameters: \(parameterCount)",
            "stored dtypes: \(storedDTypes.joined(separator: ", "))",
            "in memory: \(inMemoryDTypes.joined(separator: ", ")), \(inMemoryByteCount) bytes "
                + "(\(String(format: "%.2f", Double(inMemoryByteCount) / 1e9)) GB)",
            "files: " + files.map(\.description).joined(separator: ", "),
        ]
        if !skippedTensors.isEmpty { lines.append("skipped tensors: \(skippedTensors.count)") }
        if let adapter { lines.append("adapter: \(adapter)") }
        return lines.joined(separator: "\n")
    }
}

/// A file of a checkpoint or adapter.
package struct FileSummary: Sendable, Equatable, CustomStringConvertible {
    package let name: String
    /// Size in bytes (nil for small JSON files that are not weights).
    package let byteCount: Int?

    package var description: String {
        byteCount.map { "\(name) (\($0) bytes)" } ?? name
    }
}

/// A merged PEFT LoRA adapter.
package struct AdapterSummary: Sendable, CustomStringConvertible {
    /// `r`
    package let rank: Int
    /// `lora_alpha`
    package let alpha: Double
    /// The projection names merged (`q_proj`, `v_proj`, …).
    package let targetModules: [String]
    /// The default scale: alpha / r, or alpha / sqrt(r) with rsLoRA (rank_pattern/alpha_pattern may override per module).
    package let scale: Double
    /// `use_rslora`
    let usesRankStabilizedScaling: Bool
    let rankPattern: [String: Int]
    let alphaPattern: [String: Double]
    /// Number of weight matrices changed (bases kept in Float32).
    package let mergedModuleCount: Int
    /// Number of projections whose 16-bit base keeps the adapter beside it, unmerged.
    package let unmergedModuleCount: Int
    package let files: [FileSummary]
    /// Formats of the adapter tensors as stored on disk.
    package let storedDTypes: [String]

    package var description: String {
        var text = "r \(rank), alpha \(alpha), scale \(scale)\(usesRankStabilizedScaling ? " (rsLoRA)" : ""), "
            + "targets \(targetModules.joined(separator: ","))"
        if mergedModuleCount > 0 { text += ", \(mergedModuleCount) modules merged" }
        if unmergedModuleCount > 0 {
            text += ", \(unmergedModuleCount) modules applied unmerged (16-bit base, low-rank path in float32)"
        }
        func pattern(_ entries: [String: String]) -> String {
            "{" + entries.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "}"
        }
        if !rankPattern.isEmpty { text += ", rank_pattern " + pattern(rankPattern.mapValues { "\($0)" }) }
        if !alphaPattern.isEmpty { text += ", alpha_pattern " + pattern(alphaPattern.mapValues { "\($0)" }) }
        return text
    }
}
