import Foundation
import Testing
@testable import Checkpoint
import TensorCore

/// The committed fixtures (Tests/Fixtures, made by scripts/fixtures/make_fixtures.py with
/// transformers, safetensors, torch and PEFT) against their goldens.
@Suite("Fixture checkpoints")
struct FixtureTests {
    struct SpotCheck: Decodable {
        struct Tensor: Decodable {
            let file: String
            let shape: [Int]
            let dtype: String
            let first8: [Double]
            let sum: Double
        }
        let tensors: [String: Tensor]
    }

    struct MergeGolden: Decodable {
        struct Module: Decodable {
            let r: Int
            let lora_alpha: Double
            let scaling: Double
        }
        let modules: [String: Module]
    }

    private static func decode<T: Decodable>(_ type: T.Type, _ path: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(contentsOf: Fixtures.url(path)))
    }

    private static let formatOfDType = ["F32": "float32", "F16": "float16", "BF16": "bfloat16"]

    @Test("every fixture checkpoint loads and matches its spot checks", arguments: [
        "llama-f32", "llama-f16", "llama-bf16", "llama-sharded", "llama-bin", "llama-gqa", "llama-tied",
        "llama-config-v4", "llama-openllama-bin",
    ])
    func loadsFixture(directory: String) throws {
        let checkpoint = try LlamaCheckpoint.load(directory: Fixtures.url(directory))
        let golden = try Self.decode(SpotCheck.self, "goldens/spotchecks/\(directory).json")
        var checked = 0
        for (name, expected) in golden.tensors where !name.hasSuffix("rotary_emb.inv_freq") {
            let tensor = try #require(checkpoint.tensor(named: name), "\(name)")
            #expect(tensor.shape == expected.shape, "\(name)")
            #expect(Array(tensor.values.prefix(8)) == expected.first8.map { Float($0) }, "\(name)")
            let sum = tensor.values.reduce(0.0) { $0 + Double($1) }
            #expect(abs(sum - expected.sum) <= 1e-6 * max(1, abs(expected.sum)), "\(name): sum \(sum) vs \(expected.sum)")
            checked += 1
        }
        #expect(checked == checkpoint.tensorNames.count)
        let onDisk = Set(golden.tensors.filter { !$0.key.hasSuffix("inv_freq") }.values.compactMap { Self.formatOfDType[$0.dtype] })
        #expect(Set(checkpoint.summary.storedDTypes) == onDisk)
        #expect(checkpoint.configuration.hiddenSize == 64)
        #expect(checkpoint.configuration.headDimension == 16)
    }

    @Test("the OpenLLaMA-style .bin has its inv_freq buffers skipped")
    func openLlamaBinSkipsInverseFrequencies() throws {
        let checkpoint = try LlamaCheckpoint.load(directory: Fixtures.url("llama-openllama-bin"))
        #expect(checkpoint.summary.skippedTensors == [
            "model.layers.0.self_attn.rotary_emb.inv_freq", "model.layers.1.self_attn.rotary_emb.inv_freq",
        ])
        #expect(checkpoint.configuration.kvHeadCount == 4)
        #expect(checkpoint.configuration.declaredDType == "float16")
    }

    @Test("LoRA merge equals PEFT merge_and_unload within 1e-6", arguments: [
        ("lora-adapter", "merged-lora-adapter"), ("lora-adapter-bin", "merged-lora-adapter"),
        ("lora-adapter-rslora", "merged-lora-adapter-rslora"),
    ])
    func mergeMatchesPEFT(adapter: String, golden: String) throws {
        let base = try LlamaCheckpoint.load(directory: Fixtures.url("llama-f32"))
        let merged = try LlamaCheckpoint.load(directory: Fixtures.url("llama-f32"), adapter: Fixtures.url(adapter))
        let goldenFile = try MappedFile(url: Fixtures.url("goldens/lora/\(golden).safetensors"))
        let expected = try SafeTensorsFile.read(goldenFile)
        #expect(expected.count == 14)
        var largest: Float = 0
        for tensor in expected {
            let values = Array(try #require(merged.tensor(named: tensor.name)).values)
            let reference = Array(tensor.convert())
            #expect(values.count == reference.count)
            largest = max(largest, zip(values, reference).map { abs($0 - $1) }.max() ?? 0)
        }
        #expect(largest <= 1e-6, "largest difference \(largest)")
        // Every weight the adapter does not target is the base weight, bit for bit.
        let changed = Set(expected.map(\.name))
        for name in base.tensorNames where !changed.contains(name) {
            #expect(try #require(merged.tensor(named: name)).values.hasSameBitPatterns(as: try #require(base.tensor(named: name)).values))
        }
        let summary = try #require(merged.summary.adapter)
        #expect(summary.mergedModuleCount == 14)
        #expect(summary.targetModules == ["down_proj", "gate_proj", "k_proj", "o_proj", "q_proj", "up_proj", "v_proj"])
    }

    @Test("per-module rank and alpha resolve as PEFT resolved them (rank_pattern, alpha_pattern, rsLoRA)",
          arguments: [("lora-adapter", "merged-lora-adapter"), ("lora-adapter-rslora", "merged-lora-adapter-rslora")])
    func resolvesPatterns(adapter: String, golden: String) throws {
        let base = try LlamaConfiguration(contentsOf: Fixtures.url("llama-f32/config.json"))
        let configuration = try PEFTAdapterConfiguration(contentsOf: Fixtures.url("\(adapter)/adapter_config.json"))
        let targets = try LoRATargets(configuration, model: base)
        let expected = try Self.decode(MergeGolden.self, "goldens/lora/\(golden).json").modules
        #expect(Set(targets.modules.map(\.path)) == Set(expected.keys))
        for module in targets.modules {
            let reference = try #require(expected[module.path])
            #expect(module.rank == reference.r, "\(module.path)")
            #expect(module.alpha == reference.lora_alpha, "\(module.path)")
            #expect(abs(module.scale - reference.scaling) <= 1e-12 * reference.scaling, "\(module.path)")
        }
    }

    @Test("on a 16-bit base the adapter stays unmerged beside its weight, in float32; on a float32 base it merges",
          arguments: ["llama-f16", "llama-bf16"])
    func keepsAdapterUnmergedOnSixteenBitBase(directory: String) throws {
        let base = try LlamaCheckpoint.load(directory: Fixtures.url(directory))
        let adapted = try LlamaCheckpoint.load(directory: Fixtures.url(directory), adapter: Fixtures.url("lora-adapter"))
        let name = "model.layers.1.mlp.down_proj.weight"
        // The base weight is untouched (still 16-bit, same bits) and the adapter sits beside it.
        let weight = try #require(adapted.tensor(named: name))
        #expect(weight.storage.format != .float32)
        #expect(weight.values.hasSameBitPatterns(as: try #require(base.tensor(named: name)).values))
        let adapter = try #require(adapted.unmergedAdapter(forWeightNamed: name))
        #expect(adapter.rank == 4 && adapter.scale == 4)
        #expect(adapter.a.rows == 4 && adapter.a.columns == 176 && adapter.b.rows == 64 && adapter.b.columns == 4)
        let summary = try #require(adapted.summary.adapter)
        #expect(summary.mergedModuleCount == 0 && summary.unmergedModuleCount == 14)
        #expect(summary.description.contains("14 modules applied unmerged"))
        // A [4, in] and B [out, 4] in float32 for 2 layers × (q, k, v, o: 64 → 64; gate, up: 64 → 176; down: 176 → 64).
        let adapterFloats = 2 * (4 * 4 * (64 + 64) + 3 * 4 * (64 + 176))
        #expect(adapted.summary.inMemoryByteCount == base.summary.inMemoryByteCount + 4 * adapterFloats)
        // Widened to float32, the same adapter is merged as before.
        let merged = try LlamaCheckpoint.load(
            directory: Fixtures.url(directory), adapter: Fixtures.url("lora-adapter"), weights: .float32)
        #expect(merged.unmergedAdapter(forWeightNamed: name) == nil)
        #expect(merged.summary.adapter?.mergedModuleCount == 14)
    }

    @Test("summarize reports what load would, without converting: parameters, dtypes, files, adapter")
    func summarizes() throws {
        let summary = try LlamaCheckpoint.summarize(directory: Fixtures.url("llama-config-v4"), adapter: Fixtures.url("lora-adapter"))
        let loaded = try LlamaCheckpoint.load(directory: Fixtures.url("llama-config-v4"), adapter: Fixtures.url("lora-adapter"))
        // hidden 64, 2 layers, intermediate 176, vocab 512, untied.
        let perLayer = 4 * 64 * 64 + 3 * 64 * 176 + 2 * 64
        #expect(summary.parameterCount == 2 * 512 * 64 + 2 * perLayer + 64)
        #expect(summary.parameterCount == loaded.summary.parameterCount)
        #expect(summary.architecture == "LlamaForCausalLM")
        #expect(summary.storedDTypes == ["float16"])
        #expect(summary.files.map(\.name) == ["config.json", "model.safetensors"])
        let adapter = try #require(summary.adapter)
        #expect((adapter.rank, adapter.alpha, adapter.scale) == (4, 16, 4))
        #expect(adapter.storedDTypes == ["float32"])
        #expect(adapter.files.map(\.name) == ["adapter_config.json", "adapter_model.safetensors"])
        #expect(summary.description.contains("r 4, alpha 16.0, scale 4.0"))
        let rsLoRA = try #require(try LlamaCheckpoint.summarize(
            directory: Fixtures.url("llama-f32"), adapter: Fixtures.url("lora-adapter-rslora")).adapter)
        #expect(rsLoRA.description == "r 4, alpha 16.0, scale 8.0 (rsLoRA), targets down_proj,gate_proj,k_proj,o_proj,"
            + "q_proj,up_proj,v_proj, 14 modules merged, rank_pattern {layers.1.mlp.down_proj: 2}, alpha_pattern {v_proj: 8.0}")
    }

    @Test("the malicious pickles are refused, naming their global", arguments: [
        ("malicious-bin-global", "os", "system"), ("malicious-bin-stack-global", "builtins", "eval"),
    ])
    func refusesMaliciousPickles(directory: String, module: String, name: String) {
        #expect(throws: CheckpointError.disallowedPickleGlobal(file: "pytorch_model.bin", module: module, name: name)) {
            try LlamaCheckpoint.load(directory: Fixtures.url(directory))
        }
    }
}
