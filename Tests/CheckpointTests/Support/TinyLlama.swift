import Foundation

/// A tiny LLaMA configuration and deterministic weights, written in whichever format a test needs.
struct TinyLlama {
    var hidden = 8
    var intermediate = 12
    var layers = 1
    var heads = 2
    var kvHeads = 1
    var vocabulary = 16
    var tied = false

    var headDimension: Int { hidden / heads }

    /// config.json in the transformers 5.x form.
    func configJSON(extra: String = "") -> String {
        """
        {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_act": "silu",
         "hidden_size": \(hidden), "intermediate_size": \(intermediate), "num_hidden_layers": \(layers),
         "num_attention_heads": \(heads), "num_key_value_heads": \(kvHeads), "vocab_size": \(vocabulary),
         "rms_norm_eps": 1e-05, "tie_word_embeddings": \(tied), "dtype": "float32",
         "rope_parameters": {"rope_theta": 10000.0, "rope_type": "default"}\(extra)}
        """
    }

    /// Every tensor name with its shape, in the order the architecture lists them.
    var shapes: [(name: String, shape: [Int])] {
        let kvWidth = kvHeads * headDimension
        var result: [(String, [Int])] = [("model.embed_tokens.weight", [vocabulary, hidden])]
        for layer in 0..<layers {
            let prefix = "model.layers.\(layer)."
            result += [
                (prefix + "input_layernorm.weight", [hidden]),
                (prefix + "self_attn.q_proj.weight", [hidden, hidden]),
                (prefix + "self_attn.k_proj.weight", [kvWidth, hidden]),
                (prefix + "self_attn.v_proj.weight", [kvWidth, hidden]),
                (prefix + "self_attn.o_proj.weight", [hidden, hidden]),
                (prefix + "post_attention_layernorm.weight", [hidden]),
                (prefix + "mlp.gate_proj.weight", [intermediate, hidden]),
                (prefix + "mlp.up_proj.weight", [intermediate, hidden]),
                (prefix + "mlp.down_proj.weight", [hidden, intermediate]),
            ]
        }
        result.append(("model.norm.weight", [hidden]))
        if !tied { result.append(("lm_head.weight", [vocabulary, hidden])) }
        return result
    }

    /// Deterministic values for a tensor, exactly representable in fp16 and bf16
    /// (small multiples of 1/64), so every dtype holds the same numbers.
    static func values(for name: String, count: Int) -> [Float] {
        var state = UInt64(truncatingIfNeeded: name.utf8.reduce(5381) { ($0 &* 33) &+ Int($1) })
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Float(Int((state >> 33) % 129) - 64) / 64
        }
    }

    /// The tensors as a safetensors writer, in `dtype` ("F32", "F16" or "BF16").
    func safeTensors(dtype: String = "F32", names: [String]? = nil) -> SafeTensorsWriter {
        var writer = SafeTensorsWriter()
        for (name, shape) in shapes where names?.contains(name) ?? true {
            let values = Self.values(for: name, count: shape.reduce(1, *))
            writer.add(name, dtype: dtype, shape: shape, bytes: Self.encode(values, dtype: dtype))
        }
        return writer
    }

    static func encode(_ values: [Float], dtype: String) -> [UInt8] {
        switch dtype {
        case "F16": SafeTensorsWriter.littleEndianBytes(values.map { Float16($0).bitPattern })
        case "BF16": SafeTensorsWriter.littleEndianBytes(values.map { UInt16(truncatingIfNeeded: $0.bitPattern >> 16) })
        default: SafeTensorsWriter.littleEndianBytes(values)
        }
    }

    /// Writes config.json and model.safetensors into `directory`.
    func write(to directory: TestDirectory, dtype: String = "F32", configExtra: String = "") throws {
        try directory.write("config.json", text: configJSON(extra: configExtra))
        try directory.write("model.safetensors", safeTensors(dtype: dtype).bytes())
    }
}
