import Foundation
import Testing
@testable import Checkpoint
import TensorCore

@Suite("LlamaCheckpoint")
struct LlamaCheckpointTests {
    private let model = TinyLlama()

    private func expectWeights(_ checkpoint: LlamaCheckpoint, of model: TinyLlama) {
        for (name, shape) in model.shapes {
            guard let tensor = checkpoint.tensor(named: name) else {
                Issue.record("missing \(name)")
                continue
            }
            #expect(tensor.shape == shape)
            #expect(Array(tensor.values) == TinyLlama.values(for: name, count: shape.reduce(1, *)), "\(name)")
        }
    }

    @Test("loads every tensor with its values from F32, F16 and BF16 files", arguments: ["F32", "F16", "BF16"])
    func loadsEachDType(dtype: String) throws {
        let directory = try TestDirectory()
        try model.write(to: directory, dtype: dtype)
        let checkpoint = try LlamaCheckpoint.load(directory: directory.url)
        expectWeights(checkpoint, of: model)
        #expect(checkpoint.tensorNames.count == model.shapes.count)
        let expectedFormat = ["F32": "float32", "F16": "float16", "BF16": "bfloat16"][dtype]
        #expect(checkpoint.summary.storedDTypes == [expectedFormat].compactMap { $0 })
        #expect(checkpoint.summary.parameterCount == model.shapes.reduce(0) { $0 + $1.shape.reduce(1, *) })
        #expect(checkpoint.layer(0, .key).shape == [4, 8])
        #expect(checkpoint.outputProjection.name == "lm_head.weight")
    }

    @Test("matrices stay in their stored precision (vectors widen); --weights float32 widens all; bytes are counted",
          arguments: ["F32", "F16", "BF16"])
    func keepsStoredPrecision(dtype: String) throws {
        let directory = try TestDirectory()
        try model.write(to: directory, dtype: dtype)
        let stored = ["F32": StorageFormat.float32, "F16": .float16, "BF16": .bfloat16][dtype]!
        let kept = try LlamaCheckpoint.load(directory: directory.url)
        let widened = try LlamaCheckpoint.load(directory: directory.url, weights: .float32)
        var keptBytes = 0
        for (name, shape) in model.shapes {
            let keptTensor = try #require(kept.tensor(named: name))
            let widenedTensor = try #require(widened.tensor(named: name))
            #expect(keptTensor.storage.format == (shape.count == 2 ? stored : .float32), "\(name)")
            #expect(widenedTensor.storage.format == .float32, "\(name)")
            #expect(keptTensor.values.hasSameBitPatterns(as: widenedTensor.values), "\(name)")
            keptBytes += keptTensor.storage.byteCount
        }
        #expect(kept.summary.inMemoryByteCount == keptBytes)
        #expect(widened.summary.inMemoryByteCount == 4 * widened.summary.parameterCount)
        #expect(kept.summary.inMemoryDTypes == Array(Set([stored.rawValue, "float32"])).sorted())
        #expect(widened.summary.inMemoryDTypes == ["float32"])
        let summarized = try LlamaCheckpoint.summarize(directory: directory.url)
        #expect(summarized.inMemoryByteCount == keptBytes)
        #expect(summarized.description.contains("in memory: "))
    }

    @Test("tied embeddings: no lm_head needed, the output projection is the embedding")
    func tiedEmbeddings() throws {
        var tied = model
        tied.tied = true
        let directory = try TestDirectory()
        try tied.write(to: directory)
        let checkpoint = try LlamaCheckpoint.load(directory: directory.url)
        #expect(checkpoint.tensor(named: "lm_head.weight") == nil)
        #expect(checkpoint.outputProjection.name == "model.embed_tokens.weight")
    }

    @Test("a missing tensor is an error naming it")
    func missingTensor() throws {
        let directory = try TestDirectory()
        try directory.write("config.json", text: model.configJSON())
        let names = model.shapes.map(\.name).filter { $0 != "model.layers.0.mlp.up_proj.weight" }
        try directory.write("model.safetensors", model.safeTensors(names: names).bytes())
        #expect(throws: CheckpointError.missingTensor(name: "model.layers.0.mlp.up_proj.weight", file: "model.safetensors")) {
            try LlamaCheckpoint.load(directory: directory.url)
        }
    }

    @Test("an unexpected tensor is an error naming it (a bias the configuration does not have)")
    func unexpectedTensor() throws {
        let directory = try TestDirectory()
        try directory.write("config.json", text: model.configJSON())
        var writer = model.safeTensors()
        writer.add("model.layers.0.self_attn.q_proj.bias", shape: [8], values: Array(repeating: 0, count: 8))
        try directory.write("model.safetensors", writer.bytes())
        #expect(throws: CheckpointError.unexpectedTensor(name: "model.layers.0.self_attn.q_proj.bias", file: "model.safetensors")) {
            try LlamaCheckpoint.load(directory: directory.url)
        }
    }

    @Test("a tensor whose shape differs from the configuration is an error")
    func shapeMismatch() throws {
        var larger = model
        larger.intermediate = 16
        let directory = try TestDirectory()
        try directory.write("config.json", text: model.configJSON())
        try directory.write("model.safetensors", larger.safeTensors().bytes())
        #expect(throws: CheckpointError.shapeMismatch(
            tensor: "model.layers.0.mlp.down_proj.weight", file: "model.safetensors", expected: [8, 12], actual: [8, 16])) {
            try LlamaCheckpoint.load(directory: directory.url)
        }
    }

    @Test("rotary_emb.inv_freq buffers of old checkpoints are skipped")
    func skipsInverseFrequencies() throws {
        let directory = try TestDirectory()
        try directory.write("config.json", text: model.configJSON())
        var writer = model.safeTensors()
        writer.add("model.layers.0.self_attn.rotary_emb.inv_freq", shape: [2], values: [1, 0.01])
        try directory.write("model.safetensors", writer.bytes())
        let checkpoint = try LlamaCheckpoint.load(directory: directory.url)
        #expect(checkpoint.summary.skippedTensors == ["model.layers.0.self_attn.rotary_emb.inv_freq"])
        #expect(checkpoint.tensor(named: "model.layers.0.self_attn.rotary_emb.inv_freq") == nil)
    }

    @Test("an unsupported config key stops the load before any weight is read")
    func unsupportedConfigurationKey() throws {
        let directory = try TestDirectory()
        try model.write(to: directory, configExtra: #", "rope_scaling": {"rope_type": "llama3", "factor": 8.0}"#)
        let error = #expect(throws: CheckpointError.self) { try LlamaCheckpoint.load(directory: directory.url) }
        guard case .unsupportedConfiguration("config.json", "rope_scaling", _)? = error else {
            Issue.record("expected unsupportedConfiguration of rope_scaling, got \(String(describing: error))")
            return
        }
    }

    @Test("a directory without weights is an error")
    func noWeights() throws {
        let directory = try TestDirectory()
        try directory.write("config.json", text: model.configJSON())
        let error = #expect(throws: CheckpointError.self) { try LlamaCheckpoint.load(directory: directory.url) }
        guard case .missingFile? = error else {
            Issue.record("expected missingFile, got \(String(describing: error))")
            return
        }
    }

    // MARK: - Sharded safetensors

    private func writeSharded(to directory: TestDirectory, misplace: String? = nil) throws {
        try directory.write("config.json", text: model.configJSON())
        let names = model.shapes.map(\.name)
        let halves = [Array(names.prefix(5)), Array(names.dropFirst(5))]
        var weightMap: [String] = []
        for (index, half) in halves.enumerated() {
            let shard = "model-0000\(index + 1)-of-00002.safetensors"
            try directory.write(shard, model.safeTensors(names: half).bytes())
            for name in half {
                let listed = name == misplace ? "model-0000\(2 - index)-of-00002.safetensors" : shard
                weightMap.append(#""\#(name)": "\#(listed)""#)
            }
        }
        try directory.write("model.safetensors.index.json", text: #"{"metadata": {"total_size": 1}, "weight_map": {"#
            + weightMap.joined(separator: ", ") + "}}")
    }

    @Test("loads a sharded checkpoint through model.safetensors.index.json")
    func sharded() throws {
        let directory = try TestDirectory()
        try writeSharded(to: directory)
        let checkpoint = try LlamaCheckpoint.load(directory: directory.url)
        expectWeights(checkpoint, of: model)
        #expect(checkpoint.summary.files.map(\.name) == [
            "config.json", "model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors",
        ])
    }

    @Test("a weight_map entry that points at the wrong shard is an error")
    func shardedMisplaced() throws {
        let directory = try TestDirectory()
        try writeSharded(to: directory, misplace: "model.norm.weight")
        // The index sends model.norm.weight to shard 1, which is read first and lacks it.
        #expect(throws: CheckpointError.missingTensor(
            name: "model.norm.weight", file: "model-00001-of-00002.safetensors (named in model.safetensors.index.json)")) {
            try LlamaCheckpoint.load(directory: directory.url)
        }
    }

    @Test("a shard the index names but the directory lacks is an error")
    func shardMissing() throws {
        let directory = try TestDirectory()
        try writeSharded(to: directory)
        try FileManager.default.removeItem(at: directory.url.appendingPathComponent("model-00002-of-00002.safetensors"))
        let error = #expect(throws: CheckpointError.self) { try LlamaCheckpoint.load(directory: directory.url) }
        guard case let .missingFile(_, expected)? = error else {
            Issue.record("expected missingFile, got \(String(describing: error))")
            return
        }
        #expect(expected.hasPrefix("model-00002-of-00002.safetensors"))
    }
}

@Suite("LlamaCheckpoint.assemble")
struct AssembleTests {
    private let model = TinyLlama()

    private func tensors(of model: TinyLlama) -> [CheckpointTensor] {
        model.shapes.map { name, shape in
            CheckpointTensor(name: name, shape: shape, values: FloatBuffer(TinyLlama.values(for: name, count: shape.reduce(1, *))))
        }
    }

    @Test("assembles in-memory tensors with the same checks as a load")
    func assembles() throws {
        let configuration = try LlamaConfiguration(jsonData: Data(model.configJSON().utf8))
        let checkpoint = try LlamaCheckpoint.assemble(configuration: configuration, tensors: tensors(of: model))
        #expect(Array(checkpoint.layer(0, .down).values) == TinyLlama.values(for: "model.layers.0.mlp.down_proj.weight", count: 96))
        var missing = tensors(of: model)
        missing.removeLast()
        #expect(throws: CheckpointError.missingTensor(name: "lm_head.weight", file: "memory")) {
            try LlamaCheckpoint.assemble(configuration: configuration, tensors: missing)
        }
    }
}
