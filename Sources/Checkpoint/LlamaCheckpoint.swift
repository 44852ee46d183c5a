public import Foundation
import TensorCore

/// A `LlamaForCausalLM` checkpoint loaded into memory: its configuration, every weight of the
/// architecture (checked by name and shape) in the precision `WeightPrecision` asks for, and
/// optionally a PEFT LoRA adapter (merged into Float32 weights, kept beside 16-bit ones).
public final class LlamaCheckpoint: @unchecked Sendable {
    // @unchecked Sendable: the tensors are filled (and the adapter merged) in `load`, and never
    // written again; every property is a `let`.

    public let configuration: LlamaConfiguration
    package let summary: CheckpointSummary
    private let tensors: [String: CheckpointTensor]
    /// Adapters kept beside 16-bit base weights, by weight name.
    private let adapters: [String: LowRankAdapter]

    private init(
        configuration: LlamaConfiguration, summary: CheckpointSummary, tensors: [String: CheckpointTensor],
        adapters: [String: LowRankAdapter] = [:]
    ) {
        self.configuration = configuration
        self.summary = summary
        self.tensors = tensors
        self.adapters = adapters
    }

    /// Loads `directory/config.json` and the weights beside it, then merges the adapter in
    /// `adapter` (a directory with `adapter_config.json`) if one is given.
    ///
    /// Weights are read from, in order of preference, `model.safetensors.index.json` (shards),
    /// `model.safetensors`, `pytorch_model.bin.index.json`, `pytorch_model.bin`, memory-mapped. With
    /// `weights: .auto` F16 and BF16 matrices are copied as they are and F32 stays F32; with
    /// `.float32` everything is widened (exactly). Vectors (norm weights) are always widened.
    /// `*.rotary_emb.inv_freq` buffers are skipped.
    /// - Throws: `CheckpointError` for a missing, unexpected, malformed or misshapen tensor, an
    ///   unsupported configuration or adapter option, or an adapter that does not fit.
    public static func load(
        directory: URL, adapter: URL? = nil, weights precision: WeightPrecision = .auto
    ) throws(CheckpointError) -> LlamaCheckpoint {
        let plan = try LoadPlan(directory: directory, adapter: adapter, precision: precision)
        var tensors: [String: CheckpointTensor] = [:]
        for (name, tensor) in plan.stored {
            let format = plan.inMemoryFormats[name] ?? .float32
            tensors[name] = CheckpointTensor(name: name, shape: tensor.shape, storage: tensor.load(as: format))
            tensor.file.releasePages(in: tensor.storageBytes)
        }
        let adapters = plan.merge?.apply(to: tensors) ?? [:]
        return LlamaCheckpoint(
            configuration: plan.configuration, summary: plan.summary, tensors: tensors, adapters: adapters)
    }

    /// Reads and checks everything `load` does (configuration, every tensor's name, shape, dtype
    /// and bytes' location, the adapter's options and shapes) without converting or merging any
    /// weight: what `reckon inspect` needs, in milliseconds even for a multi-gigabyte checkpoint.
    package static func summarize(
        directory: URL, adapter: URL? = nil, weights precision: WeightPrecision = .auto
    ) throws(CheckpointError) -> CheckpointSummary {
        try LoadPlan(directory: directory, adapter: adapter, precision: precision).summary
    }

    /// A checkpoint from tensors built in memory (seeded test models), checked like a loaded one:
    /// every tensor of the architecture, nothing else, shapes as the configuration implies.
    package static func assemble(
        configuration: LlamaConfiguration, tensors: [CheckpointTensor]
    ) throws(CheckpointError) -> LlamaCheckpoint {
        let expected = LlamaTensorName.expectedShapes(for: configuration)
        let expectedShape = Dictionary(uniqueKeysWithValues: expected.map { ($0.name, $0.shape) })
        var byName: [String: CheckpointTensor] = [:]
        for tensor in tensors {
            guard let shape = expectedShape[tensor.name] else { throw .unexpectedTensor(name: tensor.name, file: "memory") }
            guard tensor.shape == shape else {
                throw .shapeMismatch(tensor: tensor.name, file: "memory", expected: shape, actual: tensor.shape)
            }
            guard byName.updateValue(tensor, forKey: tensor.name) == nil else {
                throw .duplicateTensor(name: tensor.name, file: "memory")
            }
        }
        for (name, _) in expected where byName[name] == nil { throw .missingTensor(name: name, file: "memory") }
        let summary = CheckpointSummary(
            architecture: "LlamaForCausalLM", parameterCount: tensors.reduce(0) { $0 + $1.storage.count },
            storedDTypes: ["float32"], files: [], skippedTensors: [], adapter: nil,
            inMemoryDTypes: Set(tensors.map(\.storage.format.rawValue)).sorted(),
            inMemoryByteCount: tensors.reduce(0) { $0 + $1.storage.byteCount })
        return LlamaCheckpoint(configuration: configuration, summary: summary, tensors: byName)
    }

    /// The LoRA adapter kept beside 16-bit weight `name`, unmerged; nil when there is none (no
    /// adapter, an untargeted weight, or a Float32 weight, into which the adapter was merged).
    package func unmergedAdapter(forWeightNamed name: String) -> LowRankAdapter? {
        adapters[name]
    }

    /// Every loaded tensor name, sorted.
    public var tensorNames: [String] { tensors.keys.sorted() }

    /// The tensor called `name` (see `LlamaTensorName`), or nil if the architecture has none
    /// (`lm_head.weight` when embeddings are tied).
    package func tensor(named name: String) -> CheckpointTensor? {
        tensors[name]
    }

    /// `model.embed_tokens.weight` `[vocab, hidden]`.
    package var embedding: CheckpointTensor { required(LlamaTensorName.embedding) }
    /// `model.norm.weight` `[hidden]`.
    package var finalNorm: CheckpointTensor { required(LlamaTensorName.finalNorm) }
    /// `lm_head.weight` `[vocab, hidden]`, or the embedding when `tie_word_embeddings` is true.
    package var outputProjection: CheckpointTensor {
        configuration.tiesWordEmbeddings ? embedding : required(LlamaTensorName.outputProjection)
    }

    /// One tensor of decoder layer `layer` (0-based).
    package func layer(_ layer: Int, _ tensor: LlamaLayerTensor) -> CheckpointTensor {
        precondition(layer >= 0 && layer < configuration.layerCount, "layer \(layer) outside 0..<\(configuration.layerCount)")
        return required(LlamaTensorName.layer(layer, tensor))
    }

    private func required(_ name: String) -> CheckpointTensor {
        // `load` refuses a checkpoint that lacks any tensor of the architecture.
        guard let tensor = tensors[name] else { preconditionFailure("'\(name)' was checked at load") }
        return tensor
    }
}
