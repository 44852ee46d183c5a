import Foundation
import JSONDocument

/// A PEFT LoRA `adapter_config.json` (peft tuners/lora/config.py), restricted to what a plain
/// merge `W' = W + scale · B·A` reproduces exactly. Options that change the computation (DoRA,
/// biases, `modules_to_save`, fan-in/fan-out layout, LoRA variants) are refused by name.
struct PEFTAdapterConfiguration {
    /// `r`: the default rank.
    let rank: Int
    /// `lora_alpha`: the default alpha.
    let alpha: Double
    /// `use_rslora`: scale by alpha / sqrt(r) instead of alpha / r.
    let usesRankStabilizedScaling: Bool
    /// `target_modules`: a list of names or suffixes, or a regex matched against the whole module path.
    let targets: Targets
    /// `exclude_modules`, with the same forms as `target_modules`.
    let exclusions: Targets?
    /// `layers_to_transform`: only these layer indices (applies to suffix matches only, as in PEFT).
    let layerIndices: Set<Int>?
    /// `rank_pattern` and `alpha_pattern`: per-module overrides keyed by regex.
    let rankPattern: [String: Int]
    let alphaPattern: [String: Double]
    let file: String

    enum Targets {
        case names([String])
        case pattern(String)
    }

    init(contentsOf url: URL) throws(CheckpointError) {
        file = url.lastPathComponent
        var reader = try ConfigurationReader(try JSONValue.read(url), file: file)
        guard try reader.string("peft_type") == "LORA" else {
            throw .unsupportedConfiguration(file: file, key: "peft_type", value: reader.members["peft_type"]?.description ?? "missing")
        }
        try reader.require("task_type", in: [.string("CAUSAL_LM")])
        guard let rank = try reader.integer("r", default: nil, minimum: 1) else {
            throw .invalidConfiguration(file: file, key: "r", reason: "missing")
        }
        self.rank = rank
        alpha = try reader.number("lora_alpha", default: 8)
        usesRankStabilizedScaling = try reader.bool("use_rslora", default: false)
        guard let targets = try Self.targets(reader.value("target_modules"), key: "target_modules", file: file) else {
            throw .invalidConfiguration(file: file, key: "target_modules", reason: "missing")
        }
        self.targets = targets
        exclusions = try Self.targets(reader.value("exclude_modules"), key: "exclude_modules", file: file)
        layerIndices = try Self.layerIndices(reader.value("layers_to_transform"), file: file)
        try reader.require("layers_pattern", in: [.string("layers"), .array([.string("layers")]), .array([])])
        rankPattern = try Self.pattern(reader.value("rank_pattern"), key: "rank_pattern", file: file) { value in
            value.integer.flatMap { $0 >= 1 ? Double($0) : nil }
        }.mapValues { Int($0) }
        alphaPattern = try Self.pattern(reader.value("alpha_pattern"), key: "alpha_pattern", file: file) { value in
            if case let .number(number) = value { number.double } else { nil }
        }

        // Options that would change the merged weights or add parameters beyond W + scale·B·A.
        try reader.require("bias", in: [.string("none")])
        try reader.require("fan_in_fan_out", in: [.bool(false)])
        try reader.require("use_dora", in: [.bool(false)])
        try reader.require("lora_bias", in: [.bool(false)])
        try reader.require("use_qalora", in: [.bool(false)])
        try reader.require("use_bdlora", in: [.bool(false)])
        try reader.require("ensure_weight_tying", in: [.bool(false)])
        try reader.require("modules_to_save", in: [.array([])])
        try reader.require("target_parameters", in: [.array([])])
        try reader.require("trainable_token_indices", in: [.object([:])])
        try reader.require("layer_replication", in: [.array([])])
        for variant in ["alora_invocation_tokens", "arrow_config", "kasa_config", "monteclora_config", "velora_config",
                        "lora_ga_config", "megatron_config"] {
            try reader.require(variant, in: [])
        }
        // Bookkeeping, training-time and initialisation-only settings.
        reader.ignore([
            "base_model_name_or_path", "revision", "peft_version", "inference_mode", "auto_mapping", "lora_dropout",
            "init_lora_weights", "megatron_core", "loftq_config", "eva_config", "corda_config", "qalora_group_size",
            "runtime_config",
        ])
        try reader.refuseUnknownKeys()
    }

    private static func targets(_ value: JSONValue?, key: String, file: String) throws(CheckpointError) -> Targets? {
        switch value {
        case nil: return nil
        case let .string(pattern)?:
            return .pattern(pattern)
        case let .array(items)?:
            var names: [String] = []
            for item in items {
                guard case let .string(name) = item else {
                    throw .invalidConfiguration(file: file, key: key, reason: "\(item) is not a module name")
                }
                names.append(name)
            }
            return .names(names)
        case let other?:
            throw .invalidConfiguration(file: file, key: key, reason: "\(other) is neither a list nor a string")
        }
    }

    private static func layerIndices(_ value: JSONValue?, file: String) throws(CheckpointError) -> Set<Int>? {
        guard let value else { return nil }
        if let index = value.integer { return [index] }
        if case let .array(items) = value {
            let indices = items.compactMap(\.integer)
            if indices.count == items.count { return indices.isEmpty ? nil : Set(indices) }
        }
        throw .invalidConfiguration(file: file, key: "layers_to_transform", reason: "\(value) is not an integer or a list of them")
    }

    private static func pattern(
        _ value: JSONValue?, key: String, file: String, _ convert: (JSONValue) -> Double?
    ) throws(CheckpointError) -> [String: Double] {
        guard let value else { return [:] }
        guard case let .object(members) = value else {
            throw .invalidConfiguration(file: file, key: key, reason: "\(value) is not an object")
        }
        var result: [String: Double] = [:]
        for member in members {
            guard let number = convert(member.value) else {
                throw .invalidConfiguration(file: file, key: "\(key).\(member.key)", reason: "\(member.value) is not a valid value")
            }
            result[member.key] = number
        }
        return result
    }
}
