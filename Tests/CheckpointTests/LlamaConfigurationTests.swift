import Foundation
import Testing
@testable import Checkpoint
import JSONDocument

@Suite("LlamaConfiguration")
struct LlamaConfigurationTests {
    private func parse(_ json: String) throws(CheckpointError) -> LlamaConfiguration {
        try LlamaConfiguration(json: try JSONValue.parse(Data(json.utf8), file: "config.json"), file: "config.json")
    }

    /// The OpenLLaMA 3B v1 config.json as shipped (transformers 4.30).
    private let openLlamaV1 = """
        {"architectures": ["LlamaForCausalLM"], "bos_token_id": 1, "eos_token_id": 2, "hidden_act": "silu",
         "hidden_size": 3200, "initializer_range": 0.02, "intermediate_size": 8640, "max_position_embeddings": 2048,
         "model_type": "llama", "num_attention_heads": 32, "num_hidden_layers": 26, "pad_token_id": 0,
         "rms_norm_eps": 1e-06, "tie_word_embeddings": false, "torch_dtype": "float16",
         "transformers_version": "4.30.0.dev0", "use_cache": true, "vocab_size": 32000}
        """

    @Test("reads the transformers 4.x form and applies LlamaConfig's defaults for missing keys")
    func openLlamaV1Defaults() throws {
        let configuration = try parse(openLlamaV1)
        #expect(configuration.hiddenSize == 3200)
        #expect(configuration.layerCount == 26)
        #expect(configuration.attentionHeadCount == 32)
        #expect(configuration.kvHeadCount == 32)
        #expect(configuration.headDimension == 100)
        #expect(configuration.intermediateSize == 8640)
        #expect(configuration.vocabularySize == 32000)
        #expect(configuration.ropeTheta == 10000)
        #expect(configuration.rmsNormEpsilon == 1e-6)
        #expect(configuration.tiesWordEmbeddings == false)
        #expect(configuration.bosTokenIDs == [1])
        #expect(configuration.eosTokenIDs == [2])
        #expect(configuration.padTokenID == 0)
        #expect(configuration.declaredDType == "float16")
        #expect(configuration.maxPositionEmbeddings == 2048)
    }

    @Test("reads the transformers 5.x form: rope_parameters, dtype, explicit head_dim")
    func transformers5Form() throws {
        let configuration = try parse("""
            {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "attention_bias": false, "mlp_bias": false,
             "attention_dropout": 0.0, "dtype": "bfloat16", "head_dim": 32, "hidden_size": 64, "num_attention_heads": 4,
             "num_key_value_heads": 2, "rope_parameters": {"rope_theta": 500000.0, "rope_type": "default"},
             "eos_token_id": [2, 7], "bos_token_id": null, "pad_token_id": null, "tie_word_embeddings": true}
            """)
        #expect(configuration.headDimension == 32)
        #expect(configuration.kvHeadCount == 2)
        #expect(configuration.ropeTheta == 500_000)
        #expect(configuration.eosTokenIDs == [2, 7])
        #expect(configuration.bosTokenIDs == [])
        #expect(configuration.padTokenID == nil)
        #expect(configuration.declaredDType == "bfloat16")
        #expect(configuration.tiesWordEmbeddings)
        #expect(configuration.layerCount == 32)
    }

    @Test("takes a top-level rope_theta (4.x) when there are no rope_parameters")
    func topLevelRopeTheta() throws {
        #expect(try parse(#"{"model_type": "llama", "rope_theta": 1000000.0, "rope_scaling": null}"#).ropeTheta == 1e6)
    }

    @Test("refuses what it does not implement, naming the key and value", arguments: [
        (#""rope_scaling": {"type": "linear", "factor": 2.0}"#, "rope_scaling"),
        (#""attention_bias": true"#, "attention_bias"),
        (#""mlp_bias": true"#, "mlp_bias"),
        (#""hidden_act": "gelu""#, "hidden_act"),
        (#""rope_parameters": {"rope_type": "llama3", "rope_theta": 10000.0}"#, "rope_type"),
        (#""quantization_config": {"quant_method": "gptq"}"#, "quantization_config"),
        (#""some_new_key": 1"#, "some_new_key"),
    ])
    func refusesUnsupportedKeys(member: String, key: String) throws {
        let error = #expect(throws: CheckpointError.self) { try parse(#"{"model_type": "llama", "# + member + "}") }
        guard case let .unsupportedConfiguration(_, reportedKey, value)? = error else {
            Issue.record("expected unsupportedConfiguration, got \(String(describing: error))")
            return
        }
        #expect(reportedKey == key)
        #expect(!value.isEmpty)
    }

    @Test("refuses another model type or architecture")
    func refusesOtherArchitectures() {
        #expect(throws: CheckpointError.unsupportedConfiguration(file: "config.json", key: "model_type", value: "\"mistral\"")) {
            try parse(#"{"model_type": "mistral"}"#)
        }
        #expect(throws: CheckpointError.unsupportedConfiguration(
            file: "config.json", key: "architectures", value: "[\"LlamaForSequenceClassification\"]")) {
            try parse(#"{"model_type": "llama", "architectures": ["LlamaForSequenceClassification"]}"#)
        }
    }

    @Test("refuses inconsistent head counts")
    func refusesInconsistentHeads() {
        let error = #expect(throws: CheckpointError.self) {
            try parse(#"{"model_type": "llama", "hidden_size": 64, "num_attention_heads": 4, "num_key_value_heads": 3}"#)
        }
        guard case .invalidConfiguration(_, "num_key_value_heads", _)? = error else {
            Issue.record("expected invalidConfiguration of num_key_value_heads, got \(String(describing: error))")
            return
        }
    }
}
