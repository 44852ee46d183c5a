import Foundation
import Testing
@testable import Checkpoint
import JSONDocument

@Suite("LoRA merge")
struct LoRAMergeTests {
    private let model = TinyLlama()

    /// An adapter for the tiny model: q_proj and v_proj of layer 0 (r 2 unless overridden).
    private struct Adapter {
        var configMembers: [String: String] = [:]
        var tensors: [(name: String, shape: [Int])] = [
            ("base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight", [2, 8]),
            ("base_model.model.model.layers.0.self_attn.q_proj.lora_B.weight", [8, 2]),
            ("base_model.model.model.layers.0.self_attn.v_proj.lora_A.weight", [2, 8]),
            ("base_model.model.model.layers.0.self_attn.v_proj.lora_B.weight", [4, 2]),
        ]

        func configJSON() -> String {
            var members = [
                "peft_type": #""LORA""#, "task_type": #""CAUSAL_LM""#, "r": "2", "lora_alpha": "5",
                "target_modules": #"["q_proj", "v_proj"]"#, "bias": #""none""#, "fan_in_fan_out": "false",
                "use_rslora": "false", "use_dora": "false", "modules_to_save": "null", "rank_pattern": "{}",
                "alpha_pattern": "{}", "lora_dropout": "0.05", "base_model_name_or_path": #""tiny""#,
            ]
            members.merge(configMembers) { $1 }
            return "{" + members.sorted { $0.key < $1.key }.map { #""\#($0.key)": \#($0.value)"# }.joined(separator: ", ") + "}"
        }

        func write(to directory: URL) throws {
            try Data(configJSON().utf8).write(to: directory.appendingPathComponent("adapter_config.json"))
            var writer = SafeTensorsWriter()
            for (name, shape) in tensors {
                writer.add(name, shape: shape, values: TinyLlama.values(for: name, count: shape.reduce(1, *)))
            }
            try Data(writer.bytes()).write(to: directory.appendingPathComponent("adapter_model.safetensors"))
        }
    }

    private func load(_ adapter: Adapter) throws(CheckpointError) -> LlamaCheckpoint {
        let base: TestDirectory
        let adapterDirectory: URL
        do {
            base = try TestDirectory()
            try model.write(to: base)
            adapterDirectory = try base.subdirectory("adapter")
            try adapter.write(to: adapterDirectory)
        } catch {
            throw .unreadableFile(file: "test setup", reason: "\(error)")
        }
        return try LlamaCheckpoint.load(directory: base.url, adapter: adapterDirectory)
    }

    /// W + scale · B·A in Double, for comparison.
    private func reference(module: String, out: Int, rank: Int, scale: Double) -> [Double] {
        let weight = TinyLlama.values(for: "model.layers.0.\(module).weight", count: out * 8)
        let a = TinyLlama.values(for: "base_model.model.model.layers.0.\(module).lora_A.weight", count: rank * 8)
        let b = TinyLlama.values(for: "base_model.model.model.layers.0.\(module).lora_B.weight", count: out * rank)
        return (0..<(out * 8)).map { index in
            let (row, column) = (index / 8, index % 8)
            let product = (0..<rank).reduce(0.0) { $0 + Double(b[row * rank + $1]) * Double(a[$1 * 8 + column]) }
            return Double(weight[index]) + scale * product
        }
    }

    private func expectClose(_ values: [Float], _ expected: [Double], tolerance: Double = 1e-6) {
        #expect(values.count == expected.count)
        let largest = zip(values, expected).map { abs(Double($0) - $1) }.max() ?? 0
        #expect(largest <= tolerance, "largest difference \(largest)")
    }

    @Test("merges W + (alpha/r)·B·A into the targeted projections only")
    func mergesTargets() throws {
        let checkpoint = try load(Adapter())
        expectClose(Array(checkpoint.layer(0, .query).values), reference(module: "self_attn.q_proj", out: 8, rank: 2, scale: 2.5))
        expectClose(Array(checkpoint.layer(0, .value).values), reference(module: "self_attn.v_proj", out: 4, rank: 2, scale: 2.5))
        #expect(Array(checkpoint.layer(0, .key).values) == TinyLlama.values(for: "model.layers.0.self_attn.k_proj.weight", count: 32))
        let summary = try #require(checkpoint.summary.adapter)
        #expect(summary.rank == 2)
        #expect(summary.alpha == 5)
        #expect(summary.scale == 2.5)
        #expect(summary.targetModules == ["q_proj", "v_proj"])
        #expect(summary.mergedModuleCount == 2)
    }

    @Test("rsLoRA scales by alpha/sqrt(r); rank_pattern and alpha_pattern override per module")
    func patternsAndRankStabilized() throws {
        var adapter = Adapter()
        adapter.configMembers = ["use_rslora": "true", "rank_pattern": #"{"q_proj": 1}"#, "alpha_pattern": #"{"layers.0.self_attn.v_proj": 3}"#]
        adapter.tensors[0].shape = [1, 8]
        adapter.tensors[1].shape = [8, 1]
        let checkpoint = try load(adapter)
        expectClose(Array(checkpoint.layer(0, .query).values), reference(module: "self_attn.q_proj", out: 8, rank: 1, scale: 5))
        expectClose(Array(checkpoint.layer(0, .value).values),
                    reference(module: "self_attn.v_proj", out: 4, rank: 2, scale: 3 / 2.0.squareRoot()))
    }

    @Test("an adapter whose shapes do not fit the base is refused, naming the tensor")
    func shapeMismatch() throws {
        var adapter = Adapter()
        adapter.tensors[2].shape = [2, 9]
        #expect(throws: CheckpointError.adapterShapeMismatch(
            tensor: "base_model.model.model.layers.0.self_attn.v_proj.lora_A.weight", file: "adapter_model.safetensors",
            expected: [2, 8], actual: [2, 9])) {
            try load(adapter)
        }
    }

    @Test("an adapter whose rank disagrees with r is refused")
    func rankMismatch() throws {
        var adapter = Adapter()
        adapter.configMembers = ["r": "3"]
        let error = #expect(throws: CheckpointError.self) { try load(adapter) }
        guard case .adapterShapeMismatch("base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight", _, [3, 8], [2, 8])? = error else {
            Issue.record("expected adapterShapeMismatch, got \(String(describing: error))")
            return
        }
    }

    @Test("adapter tensors of modules that are not targeted are refused")
    func unusedTensors() throws {
        var adapter = Adapter()
        adapter.tensors.append(("base_model.model.model.layers.0.mlp.up_proj.lora_A.weight", [2, 8]))
        #expect(throws: CheckpointError.unusedAdapterTensors(
            file: "adapter_model.safetensors", names: ["base_model.model.model.layers.0.mlp.up_proj.lora_A.weight"])) {
            try load(adapter)
        }
    }

    @Test("a targeted module without its lora_B is refused")
    func missingB() throws {
        var adapter = Adapter()
        adapter.tensors.remove(at: 3)
        #expect(throws: CheckpointError.missingTensor(
            name: "base_model.model.model.layers.0.self_attn.v_proj.lora_B.weight", file: "adapter_model.safetensors")) {
            try load(adapter)
        }
    }

    @Test("unsupported adapter options are refused, naming the option", arguments: [
        ("use_dora", "true"), ("modules_to_save", #"["lm_head"]"#), ("bias", #""all""#), ("fan_in_fan_out", "true"),
        ("peft_type", #""IA3""#), ("lora_bias", "true"), ("target_modules", #"["q_proj", "embed_tokens"]"#),
        ("target_modules", #"["mlp"]"#), ("layer_replication", "[[0, 1]]"), ("some_future_option", "1"),
    ])
    func unsupportedOptions(option: String, value: String) throws {
        var adapter = Adapter()
        adapter.configMembers = [option: value]
        let error = #expect(throws: CheckpointError.self) { try load(adapter) }
        guard case let .unsupportedConfiguration("adapter_config.json", key, _)? = error else {
            Issue.record("expected unsupportedConfiguration, got \(String(describing: error))")
            return
        }
        #expect(key == option)
    }

    @Test("a regex target_modules and layers_to_transform select modules as PEFT does")
    func regexTargets() throws {
        let base = TinyLlama(layers: 2)
        let configuration = try LlamaConfiguration(json: JSONValue.parse(Data(base.configJSON().utf8), file: "c"), file: "c")
        func paths(_ members: String) throws -> [String] {
            let directory = try TestDirectory()
            let url = try directory.write("adapter_config.json", text: #"{"peft_type": "LORA", "r": 2, "# + members + "}")
            return try LoRATargets(PEFTAdapterConfiguration(contentsOf: url), model: configuration).modules.map(\.path)
        }
        #expect(try paths(#""target_modules": ".*\\.1\\.self_attn\\.(q|v)_proj""#)
            == ["model.layers.1.self_attn.q_proj", "model.layers.1.self_attn.v_proj"])
        #expect(try paths(#""target_modules": ["down_proj"], "layers_to_transform": [1]"#) == ["model.layers.1.mlp.down_proj"])
        #expect(try paths(#""target_modules": ["q_proj"], "exclude_modules": ["model.layers.0.self_attn.q_proj"]"#)
            == ["model.layers.1.self_attn.q_proj"])
        #expect(try paths(#""target_modules": "all-linear""#).count == 14)
    }
}
