public import Foundation
import JSONDocument

/// The hyper-parameters of a `LlamaForCausalLM` checkpoint, read from its `config.json`.
///
/// Both the transformers 4.x form (top-level `rope_theta`, `torch_dtype`) and the 5.x form
/// (`rope_parameters`, `dtype`, explicit `head_dim`) are accepted. Missing keys take the defaults
/// `LlamaConfig` applies (configuration_llama.py). Anything that would change the computation and
/// is not implemented (rope scaling, biases, another activation or architecture) is refused, as is
/// any key the reader does not know.
public struct LlamaConfiguration: Sendable, Equatable {
    /// `vocab_size` (default 32000).
    public let vocabularySize: Int
    /// `hidden_size` (default 4096).
    public let hiddenSize: Int
    /// `intermediate_size` (default 11008).
    public let intermediateSize: Int
    /// `num_hidden_layers` (default 32).
    public let layerCount: Int
    /// `num_attention_heads` (default 32).
    public let attentionHeadCount: Int
    /// `num_key_value_heads` (default: `num_attention_heads`, i.e. no grouped-query attention).
    public let kvHeadCount: Int
    /// `head_dim` (default: `hidden_size / num_attention_heads`).
    public let headDimension: Int
    /// `max_position_embeddings` (default 2048).
    public let maxPositionEmbeddings: Int
    /// `rms_norm_eps` (default 1e-6), added to the mean of squares inside the square root.
    public let rmsNormEpsilon: Double
    /// `rope_parameters.rope_theta` (5.x) or `rope_theta` (4.x); default 10000.
    public let ropeTheta: Double
    /// `tie_word_embeddings` (default false): the output projection is `model.embed_tokens.weight`.
    public let tiesWordEmbeddings: Bool
    /// `bos_token_id` as a list (default [1]; empty when null).
    public let bosTokenIDs: [Int]
    /// `eos_token_id` as a list (default [2]; empty when null).
    public let eosTokenIDs: [Int]
    /// `pad_token_id` (default none).
    public let padTokenID: Int?
    /// `torch_dtype` (4.x) or `dtype` (5.x) as written, e.g. "float16"; the loader converts to Float32 regardless.
    public let declaredDType: String?

    /// Reads `config.json`.
    public init(contentsOf url: URL) throws(CheckpointError) {
        try self.init(json: try JSONValue.read(url), file: url.lastPathComponent)
    }

    /// Parses config.json text (tests and tools that build a configuration without a file).
    package init(jsonData data: Data, file: String = "config.json") throws(CheckpointError) {
        try self.init(json: try JSONValue.parse(data, file: file), file: file)
    }

    init(json: JSONValue, file: String) throws(CheckpointError) {
        var reader = try ConfigurationReader(json, file: file)

        let modelType = try reader.string("model_type")
        let architectures = reader.value("architectures")
        if let modelType, modelType != "llama" {
            throw .unsupportedConfiguration(file: file, key: "model_type", value: "\"\(modelType)\"")
        }
        if let architectures, architectures != .array([.string("LlamaForCausalLM")]) {
            throw .unsupportedConfiguration(file: file, key: "architectures", value: architectures.description)
        }
        if modelType == nil, architectures == nil {
            throw .invalidConfiguration(file: file, key: "model_type", reason: "neither model_type nor architectures is given")
        }
        try reader.require("hidden_act", in: [.string("silu")])
        try reader.require("attention_bias", in: [.bool(false)])
        try reader.require("mlp_bias", in: [.bool(false)])
        try reader.require("rope_scaling", in: [])

        vocabularySize = try reader.integer("vocab_size", default: 32000, minimum: 1) ?? 32000
        hiddenSize = try reader.integer("hidden_size", default: 4096, minimum: 1) ?? 4096
        intermediateSize = try reader.integer("intermediate_size", default: 11008, minimum: 1) ?? 11008
        layerCount = try reader.integer("num_hidden_layers", default: 32, minimum: 1, maximum: 4096) ?? 32
        attentionHeadCount = try reader.integer("num_attention_heads", default: 32, minimum: 1) ?? 32
        kvHeadCount = try reader.integer("num_key_value_heads", default: attentionHeadCount, minimum: 1) ?? attentionHeadCount
        guard hiddenSize % attentionHeadCount == 0 else {
            throw .invalidConfiguration(
                file: file, key: "hidden_size",
                reason: "\(hiddenSize) is not a multiple of num_attention_heads (\(attentionHeadCount))")
        }
        headDimension = try reader.integer("head_dim", default: hiddenSize / attentionHeadCount, minimum: 1)
            ?? hiddenSize / attentionHeadCount
        guard attentionHeadCount % kvHeadCount == 0 else {
            throw .invalidConfiguration(
                file: file, key: "num_key_value_heads",
                reason: "num_attention_heads (\(attentionHeadCount)) is not a multiple of \(kvHeadCount)")
        }
        guard headDimension % 2 == 0 else {
            throw .invalidConfiguration(file: file, key: "head_dim", reason: "\(headDimension) is odd; rotary embeddings need pairs")
        }
        maxPositionEmbeddings = try reader.integer("max_position_embeddings", default: 2048, minimum: 1) ?? 2048
        rmsNormEpsilon = try reader.number("rms_norm_eps", default: 1e-6)
        ropeTheta = try Self.ropeTheta(&reader)
        tiesWordEmbeddings = try reader.bool("tie_word_embeddings", default: false)
        bosTokenIDs = try reader.integers("bos_token_id", default: [1])
        eosTokenIDs = try reader.integers("eos_token_id", default: [2])
        padTokenID = try reader.integer("pad_token_id", default: nil, minimum: -(1 << 31))
        let torchDType = try reader.string("torch_dtype")
        let dtype = try reader.string("dtype")
        declaredDType = dtype ?? torchDType

        // Training-time or bookkeeping keys that do not change an fp32 forward pass.
        reader.ignore(Self.inertKeys)
        try reader.require("is_encoder_decoder", in: [.bool(false)])
        try reader.require("add_cross_attention", in: [.bool(false)])
        try reader.require("pruned_heads", in: [.object([:])])
        try reader.refuseUnknownKeys()
    }

    /// 5.x writes `rope_parameters {rope_type, rope_theta}`; 4.x a top-level `rope_theta`.
    private static func ropeTheta(_ reader: inout ConfigurationReader) throws(CheckpointError) -> Double {
        let topLevel = try reader.number("rope_theta", default: .nan)
        guard let parameters = reader.value("rope_parameters") else {
            return topLevel.isNaN ? 10000 : topLevel
        }
        var nested = try ConfigurationReader(parameters, file: reader.file + " rope_parameters")
        try nested.require("rope_type", in: [.string("default")])
        try nested.require("type", in: [.string("default")])
        try nested.require("partial_rotary_factor", in: [.number(1)])
        let theta = try nested.number("rope_theta", default: topLevel.isNaN ? 10000 : topLevel)
        try nested.refuseUnknownKeys()
        if !topLevel.isNaN, topLevel != theta {
            throw .invalidConfiguration(
                file: reader.file, key: "rope_theta", reason: "\(topLevel) disagrees with rope_parameters.rope_theta \(theta)")
        }
        return theta
    }

    /// PretrainedConfig bookkeeping, generation defaults and training-only settings.
    private static let inertKeys = [
        "_name_or_path", "transformers_version", "_commit_hash", "initializer_range", "use_cache", "pretraining_tp",
        "attention_dropout", "max_sequence_length", "return_dict", "output_hidden_states", "output_attentions",
        "torchscript", "use_bfloat16", "tf_legacy_loss", "chunk_size_feed_forward", "is_decoder",
        "cross_attention_hidden_size", "tie_encoder_decoder", "finetuning_task", "id2label", "label2id",
        "tokenizer_class", "prefix", "sep_token_id", "decoder_start_token_id", "task_specific_params", "problem_type",
        "max_length", "min_length", "do_sample", "early_stopping", "num_beams", "num_beam_groups", "diversity_penalty",
        "temperature", "top_k", "top_p", "typical_p", "repetition_penalty", "length_penalty", "no_repeat_ngram_size",
        "encoder_no_repeat_ngram_size", "bad_words_ids", "num_return_sequences", "output_scores",
        "return_dict_in_generate", "forced_bos_token_id", "forced_eos_token_id", "remove_invalid_values",
        "exponential_decay_length_penalty", "suppress_tokens", "begin_suppress_tokens",
    ]
}
