import Foundation
import TensorCore

/// Everything `LlamaCheckpoint.load` checks before it converts a weight: the configuration, the
/// stored tensors matched against the architecture, and the prepared adapter merge.
struct LoadPlan {
    let configuration: LlamaConfiguration
    /// The tensors to load, by name (every tensor of the architecture, nothing else).
    let stored: [String: StoredTensor]
    let merge: LoRAMerge?
    let summary: CheckpointSummary
    /// The format each tensor is kept in memory, by name.
    let inMemoryFormats: [String: StorageFormat]

    init(directory: URL, adapter: URL?, precision: WeightPrecision) throws(CheckpointError) {
        let configURL = directory.appendingPathComponent("config.json")
        guard FileManager.default.fileExists(atPath: configURL.path) else {
            throw .missingFile(directory: directory.path, expected: "config.json")
        }
        configuration = try LlamaConfiguration(contentsOf: configURL)
        let contents = try WeightFiles.read(directory: directory)

        let expected = LlamaTensorName.expectedShapes(for: configuration)
        let expectedShape = Dictionary(uniqueKeysWithValues: expected.map { ($0.name, $0.shape) })
        var stored: [String: StoredTensor] = [:]
        var skipped: [String] = []
        for tensor in contents.tensors.sorted(by: { $0.name < $1.name }) {
            if LlamaTensorName.isIgnoredBuffer(tensor.name) {
                skipped.append(tensor.name)
                continue
            }
            // With tied embeddings transformers replaces lm_head by embed_tokens after loading;
            // torch.save files still hold the (shared) lm_head storage.
            if configuration.tiesWordEmbeddings, tensor.name == LlamaTensorName.outputProjection {
                skipped.append(tensor.name)
                continue
            }
            guard let shape = expectedShape[tensor.name] else {
                throw .unexpectedTensor(name: tensor.name, file: tensor.file.name)
            }
            guard tensor.shape == shape else {
                throw .shapeMismatch(tensor: tensor.name, file: tensor.file.name, expected: shape, actual: tensor.shape)
            }
            stored[tensor.name] = tensor
        }
        for (name, _) in expected where stored[name] == nil {
            throw .missingTensor(name: name, file: contents.files.map(\.name).joined(separator: ", "))
        }
        self.stored = stored
        let inMemoryFormats = stored.mapValues { precision.inMemoryFormat(stored: $0.format, rank: $0.shape.count) }
        self.inMemoryFormats = inMemoryFormats

        let configurationForAdapter = configuration
        let merge = try adapter.map { url throws(CheckpointError) in
            try LoRAMerge(
                adapterDirectory: url, baseShapes: expectedShape, baseFormats: inMemoryFormats,
                model: configurationForAdapter)
        }
        self.merge = merge
        let weightBytes = stored.reduce(0) { total, entry in
            total + entry.value.elementCount * (inMemoryFormats[entry.key]?.byteWidth ?? 4)
        }
        summary = CheckpointSummary(
            architecture: "LlamaForCausalLM",
            parameterCount: stored.values.reduce(0) { $0 + $1.elementCount },
            storedDTypes: Set(stored.values.map(\.format)).map(\.rawValue).sorted(),
            files: [FileSummary(name: "config.json", byteCount: nil)]
                + contents.files.map { FileSummary(name: $0.name, byteCount: $0.byteCount) },
            skippedTensors: skipped,
            adapter: merge?.summary,
            inMemoryDTypes: Set(inMemoryFormats.values.map(\.rawValue)).sorted(),
            inMemoryByteCount: weightBytes + (merge?.unmergedByteCount ?? 0))
    }
}
