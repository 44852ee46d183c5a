/// Decides, as PEFT's `check_target_module_exists` and `get_pattern_key` do, which LLaMA modules an
/// adapter targets and with which rank and alpha.
struct LoRATargets {
    /// One adapted projection.
    struct Module {
        let layer: Int
        let tensor: LlamaLayerTensor
        let rank: Int
        let alpha: Double
        let scale: Double
        var path: String { LlamaTensorName.modulePath(layer: layer, tensor) }
    }

    let modules: [Module]

    init(_ adapter: PEFTAdapterConfiguration, model configuration: LlamaConfiguration) throws(CheckpointError) {
        let file = adapter.file
        var modules: [Module] = []
        for path in Self.modulePaths(configuration) {
            guard try Self.isTargeted(path, adapter) else { continue }
            // PEFT can only wrap nn.Linear layers; of those, the harness merges the decoder projections.
            guard let (layer, tensor) = Self.projection(path, configuration) else {
                throw .unsupportedConfiguration(
                    file: file, key: "target_modules", value: "\(adapter.targets) (matches '\(path)', not a decoder projection)")
            }
            let rank = try Self.override(adapter.rankPattern.mapValues(Double.init), path, file: file, key: "rank_pattern").map(Int.init) ?? adapter.rank
            let alpha = try Self.override(adapter.alphaPattern, path, file: file, key: "alpha_pattern") ?? adapter.alpha
            let scale = adapter.usesRankStabilizedScaling ? alpha / Double(rank).squareRoot() : alpha / Double(rank)
            modules.append(Module(layer: layer, tensor: tensor, rank: rank, alpha: alpha, scale: scale))
        }
        guard !modules.isEmpty else {
            throw .unsupportedConfiguration(file: file, key: "target_modules", value: "\(adapter.targets) (matches no module)")
        }
        self.modules = modules
    }

    /// Every module path of `LlamaForCausalLM.named_modules()`, the keys PEFT matches against.
    private static func modulePaths(_ configuration: LlamaConfiguration) -> [String] {
        var paths = ["model", "model.embed_tokens", "model.layers"]
        for layer in 0..<configuration.layerCount {
            let prefix = "model.layers.\(layer)"
            paths += [prefix, prefix + ".self_attn", prefix + ".mlp", prefix + ".mlp.act_fn"]
            paths += LlamaLayerTensor.allCases.map { LlamaTensorName.modulePath(layer: layer, $0) }
        }
        return paths + ["model.norm", "model.rotary_emb", "lm_head"]
    }

    private static func projection(_ path: String, _ configuration: LlamaConfiguration) -> (Int, LlamaLayerTensor)? {
        for layer in 0..<configuration.layerCount {
            for tensor in LlamaLayerTensor.projections where LlamaTensorName.modulePath(layer: layer, tensor) == path {
                return (layer, tensor)
            }
        }
        return nil
    }

    private static func isTargeted(_ path: String, _ adapter: PEFTAdapterConfiguration) throws(CheckpointError) -> Bool {
        if let exclusions = adapter.exclusions {
            switch exclusions {
            case let .pattern(pattern):
                if try fullMatch(pattern, path, file: adapter.file, key: "exclude_modules") { return false }
            case let .names(names):
                if names.contains(where: { path == $0 || path.hasSuffix("." + $0) }) { return false }
            }
        }
        switch adapter.targets {
        case .pattern("all-linear"):
            // PEFT expands this to every nn.Linear except the output layer.
            return LlamaLayerTensor.projections.contains { path.hasSuffix("." + $0.rawValue) }
        case let .pattern(pattern):
            return try fullMatch(pattern, path, file: adapter.file, key: "target_modules")
        case let .names(names):
            if names.contains(path) { return true }
            guard names.contains(where: { path.hasSuffix("." + $0) }) else { return false }
            guard let indices = adapter.layerIndices else { return true }
            // The layer index is the number after the first "<pattern>." segment; only "layers" is accepted.
            let parts = path.split(separator: ".")
            guard parts.count > 2, parts[1] == "layers", let index = Int(parts[2]) else { return false }
            return indices.contains(index)
        }
    }

    /// `rank_pattern` / `alpha_pattern`: a key applies when `(.*\.)?(key)$` matches the module path.
    /// PEFT takes the first matching key in file order; the harness refuses when matching keys disagree.
    private static func override(
        _ pattern: [String: Double], _ path: String, file: String, key: String
    ) throws(CheckpointError) -> Double? {
        var values: [Double] = []
        for (expression, value) in pattern.sorted(by: { $0.key < $1.key })
        where try fullMatch("(.*\\.)?(" + expression + ")", path, file: file, key: "\(key) key '\(expression)'") {
            values.append(value)
        }
        guard let first = values.first else { return nil }
        guard values.allSatisfy({ $0 == first }) else {
            throw .unsupportedConfiguration(file: file, key: key, value: "several keys match '\(path)' with different values")
        }
        return first
    }

    private static func fullMatch(_ pattern: String, _ text: String, file: String, key: String) throws(CheckpointError) -> Bool {
        do {
            let expression = try Regex(pattern)
            return try expression.wholeMatch(in: text) != nil
        } catch {
            throw .unsupportedConfiguration(file: file, key: key, value: "\"\(pattern)\" (not a regular expression: \(error))")
        }
    }
}
