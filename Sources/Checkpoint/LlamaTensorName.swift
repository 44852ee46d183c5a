/// The Hugging Face tensor names of `LlamaForCausalLM` (modeling_llama.py); the one place they are spelled.
package enum LlamaTensorName {
    /// `[vocab, hidden]`
    package static let embedding = "model.embed_tokens.weight"
    /// `[hidden]`
    package static let finalNorm = "model.norm.weight"
    /// `[vocab, hidden]`; absent when `tie_word_embeddings` is true.
    package static let outputProjection = "lm_head.weight"

    /// The name of one per-layer tensor, e.g. `model.layers.3.self_attn.q_proj.weight`.
    package static func layer(_ index: Int, _ tensor: LlamaLayerTensor) -> String {
        modulePath(layer: index, tensor) + ".weight"
    }

    /// The module path PEFT matches targets against, e.g. `model.layers.3.self_attn.q_proj`.
    static func modulePath(layer index: Int, _ tensor: LlamaLayerTensor) -> String {
        "model.layers.\(index)." + tensor.rawValue
    }

    /// Buffers older checkpoints persisted (`…rotary_emb.inv_freq`); they are recomputed, never loaded.
    static func isIgnoredBuffer(_ name: String) -> Bool {
        name.hasSuffix("rotary_emb.inv_freq")
    }

    /// Every tensor the configuration implies, with its shape, in a stable order.
    static func expectedShapes(for configuration: LlamaConfiguration) -> [(name: String, shape: [Int])] {
        let hidden = configuration.hiddenSize
        let queryWidth = configuration.attentionHeadCount * configuration.headDimension
        let kvWidth = configuration.kvHeadCount * configuration.headDimension
        let intermediate = configuration.intermediateSize
        var shapes: [(String, [Int])] = [(embedding, [configuration.vocabularySize, hidden])]
        for index in 0..<configuration.layerCount {
            for tensor in LlamaLayerTensor.allCases {
                let shape: [Int] = switch tensor {
                case .inputNorm, .postAttentionNorm: [hidden]
                case .query: [queryWidth, hidden]
                case .key, .value: [kvWidth, hidden]
                case .attentionOutput: [hidden, queryWidth]
                case .gate, .up: [intermediate, hidden]
                case .down: [hidden, intermediate]
                }
                shapes.append((layer(index, tensor), shape))
            }
        }
        shapes.append((finalNorm, [hidden]))
        if !configuration.tiesWordEmbeddings {
            shapes.append((outputProjection, [configuration.vocabularySize, hidden]))
        }
        return shapes
    }
}

/// The tensors of one decoder layer, named by their module path inside `model.layers.N`.
package enum LlamaLayerTensor: String, CaseIterable, Sendable {
    case inputNorm = "input_layernorm"
    case query = "self_attn.q_proj"
    case key = "self_attn.k_proj"
    case value = "self_attn.v_proj"
    case attentionOutput = "self_attn.o_proj"
    case postAttentionNorm = "post_attention_layernorm"
    case gate = "mlp.gate_proj"
    case up = "mlp.up_proj"
    case down = "mlp.down_proj"

    /// The linear projections (the modules a LoRA adapter may target).
    static let projections: [LlamaLayerTensor] = [.query, .key, .value, .attentionOutput, .gate, .up, .down]

    /// The last path component, as PEFT's `target_modules` names it (`q_proj`, `down_proj`).
    var moduleName: String {
        String(rawValue.split(separator: ".").last ?? Substring(rawValue))
    }
}
