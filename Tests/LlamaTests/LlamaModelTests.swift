import Checkpoint
import Foundation
import Testing
import TensorCore
@testable import Llama

/// The forward pass against transformers' logits, and what the model and decoder refuse.
@Suite("Llama model", .serialized)
struct LlamaModelTests {
    @Test("last-position logits agree with transformers within 1e-4", arguments: GoldenModel.all)
    func logitsMatchTransformers(model spec: GoldenModel) throws {
        let model = try spec.loadModel()
        let golden = try spec.loadGolden()
        var checked = 0
        for prompt in golden.prompts {
            guard let expected = prompt.last_prompt_logits else { continue }
            let logits = try model.lastPositionLogits(prompt: prompt.prompt_ids, context: .machineDefault)
            #expect(logits.count == expected.count)
            let worst = zip(logits, expected).map { abs($0 - $1) }.max() ?? .infinity
            #expect(worst <= 1e-4, "\(spec): max |Δlogit| \(worst)")
            checked += 1
        }
        #expect(checked == 4)
    }

    @Test("fp16 and bf16 matrices stay 16-bit in memory unless float32 is asked for; logits agree either way",
          arguments: ["llama-f16", "llama-bf16"])
    func sixteenBitStaysSixteenBit(directory: String) throws {
        let spec = GoldenModel(directory: directory, adapter: "lora-adapter")
        let kept = try spec.loadModel()
        let widened = try spec.loadModel(weights: .float32)
        let format: StorageFormat = directory == "llama-f16" ? .float16 : .bfloat16
        #expect(kept.weightFormats == [format])
        #expect(widened.weightFormats == [.float32])
        let prompt = try spec.loadGolden().prompts[0].prompt_ids
        let a = try kept.lastPositionLogits(prompt: prompt, context: .machineDefault)
        let b = try widened.lastPositionLogits(prompt: prompt, context: .machineDefault)
        let worst = zip(a, b).map { abs($0 - $1) }.max() ?? .infinity
        #expect(worst <= 1e-4, "\(directory): 16-bit vs widened-and-merged max |Δlogit| \(worst)")
    }

    @Test("head_dim 10 (not a power of two, not hidden/heads), GQA, another theta and eps: tokens and logits match")
    func oddShapesMatchTransformers() throws {
        let spec = GoldenModel.odd
        let model = try spec.loadModel()
        #expect(model.configuration.headDimension == 10 && model.configuration.hiddenSize == 32)
        let golden = try spec.loadGolden()
        for prompt in golden.prompts {
            let expected = try #require(prompt.last_prompt_logits)
            let logits = try model.lastPositionLogits(prompt: prompt.prompt_ids, context: .machineDefault)
            let worst = zip(logits, expected).map { abs($0 - $1) }.max() ?? .infinity
            #expect(logits.count == expected.count && worst <= 1e-4, "prompt of \(prompt.prompt_ids.count): \(worst)")
        }
        for batchSize in [1, 3, 12] {
            let completions = try GreedyDecoder(
                model: model, batchSize: batchSize, maxNewTokens: golden.settings.max_new_tokens,
                eosTokenIDs: [golden.settings.eos_token_id], context: .machineDefault
            ).decode(prompts: golden.promptIDs)
            #expect(completions == golden.expectedCompletions, "batch \(batchSize)")
        }
    }

    @Test("inverse frequencies are computed in float32 as transformers does")
    func inverseFrequencies() {
        // torch: 1.0 / (10000.0 ** (torch.arange(0, 16, 2, dtype=torch.float) / 16)), read with .tolist().
        let expected: [Float] = [
            1.0, 0.3162277638912201, 0.10000000149011612, 0.03162277862429619, 0.009999999776482582,
            0.0031622778624296188, 0.0010000000474974513, 0.00031622778624296188,
        ]
        #expect(RotaryEmbedding(headDimension: 16, theta: 10000).inverseFrequencies == expected)
        // open_llama_3b's head_dim 100, as bit patterns from `inv_freq.view(torch.int32)`.
        let openLlamaBits: [UInt32] = [
            1065353216, 1062530681, 1060182998, 1058230280, 1056247553, 1053545652, 1051298309, 1049429050,
            1047172537, 1044586113, 1042434822, 1040645455, 1038126858, 1035650980, 1033591632, 1031878741,
            1029109262, 1026739200, 1024767869, 1022846204, 1020118547, 1017849785, 1015962708, 1013764641,
            1011153569, 1008981770, 1007175349, 1004712698, 1002213222, 1000134249, 998405028, 995689109,
            993296460, 991306335, 989446310, 986692658, 984402264, 982497203, 980358148, 977722187, 975529684,
            973706044, 971299885, 968776578, 966677788, 964932090, 962270235, 959854780, 957845693, 956047889,
        ]
        // torch's vectorised pow (Sleef, ≤ 1 ulp) is 1 ulp below glibc's correctly rounded powf at
        // i = 2 (10000^0.04), so that one frequency differs by 1 ulp; all others are bit-identical.
        let ours = RotaryEmbedding(headDimension: 100, theta: 10000).inverseFrequencies.map(\.bitPattern)
        let ulps = zip(ours, openLlamaBits).map { abs(Int($0) - Int($1)) }
        #expect(ulps.count == 50 && ulps.allSatisfy { $0 <= 1 })
        #expect(ulps.filter { $0 != 0 }.count <= 1)
    }

    @Test("a weight holding NaN or infinity is refused, naming the tensor")
    func refusesNonFiniteWeights() throws {
        let checkpoint = try LlamaCheckpoint.load(directory: Fixtures.url("llama-f32"))
        for (name, poison) in [("model.layers.1.mlp.up_proj.weight", Float.nan), ("lm_head.weight", -Float.infinity)] {
            let tensors = try checkpoint.tensorNames.map { tensorName in
                let tensor = try #require(checkpoint.tensor(named: tensorName))
                guard tensorName == name else { return tensor }
                let values = tensor.values.copy()
                values[37] = poison
                return CheckpointTensor(name: tensorName, shape: tensor.shape, values: values)
            }
            let poisoned = try LlamaCheckpoint.assemble(configuration: checkpoint.configuration, tensors: tensors)
            #expect {
                _ = try LlamaModel(checkpoint: poisoned)
            } throws: { error in
                guard case let LlamaError.nonFiniteWeight(tensor, index, value) = error else { return false }
                return tensor == name && index == 37 && value.bitPattern == poison.bitPattern
            }
        }
    }

    @Test("an empty prompt list, an empty prompt and an out-of-vocabulary token are refused")
    func refusesBadPrompts() throws {
        let model = try GoldenModel.all[0].loadModel()
        let decoder = try GreedyDecoder(model: model, batchSize: 4, maxNewTokens: 8, eosTokenIDs: [2], context: .machineDefault)
        #expect(throws: LlamaError.emptyPromptList) { try decoder.decode(prompts: []) }
        #expect(throws: LlamaError.emptyPrompt(index: 1)) { try decoder.decode(prompts: [[1, 5], []]) }
        #expect(throws: LlamaError.tokenOutOfRange(prompt: 0, position: 2, token: 512, vocabularySize: 512)) {
            try decoder.decode(prompts: [[1, 5, 512]])
        }
        #expect(throws: LlamaError.tokenOutOfRange(prompt: 0, position: 0, token: -1, vocabularySize: 512)) {
            try decoder.decode(prompts: [[-1]])
        }
    }

    @Test("a prompt that with max-new-tokens exceeds the context is refused before decoding")
    func refusesPromptBeyondContext() throws {
        let model = try GoldenModel.all[0].loadModel()
        let decoder = try GreedyDecoder(model: model, batchSize: 2, maxNewTokens: 100, eosTokenIDs: [2], context: .machineDefault)
        var delivered = 0
        #expect(throws: LlamaError.promptTooLong(index: 1, promptTokens: 29, maxNewTokens: 100, contextLength: 128)) {
            try decoder.decode(prompts: [[1, 2], Array(repeating: 5, count: 29)]) { _, _ in delivered += 1 }
        }
        #expect(delivered == 0)
        // 28 + 100 = 128 positions fit exactly.
        #expect(try decoder.decode(prompts: [Array(repeating: 5, count: 28)])[0].promptTokenCount == 28)
        #expect(throws: LlamaError.promptTooLong(index: 0, promptTokens: 129, maxNewTokens: 0, contextLength: 128)) {
            try model.lastPositionLogits(prompt: Array(repeating: 5, count: 129), context: .machineDefault)
        }
    }

    @Test("a KV cache larger than the available memory is refused up front, with the numbers")
    func refusesOversizedCache() throws {
        // A tiny model with a context of 2^26 positions: 2 layers × 2 × 2^26 × 8 floats of cache
        // per prompt position set, i.e. ~8.6 GB per slot; a batch of 8 asks for ~69 GB.
        let configuration = try LlamaConfiguration(jsonData: Data("""
            {"model_type": "llama", "vocab_size": 16, "hidden_size": 8, "intermediate_size": 8,
             "num_hidden_layers": 2, "num_attention_heads": 2, "max_position_embeddings": 67108864}
            """.utf8))
        let model = try LlamaModel(checkpoint: try TinyModel.checkpoint(configuration: configuration))
        let decoder = try GreedyDecoder(model: model, batchSize: 8, maxNewTokens: 67_000_000, eosTokenIDs: [2], context: .machineDefault)
        let available = MemoryBudget.availableBytes()
        #expect {
            try decoder.decode(prompts: Array(repeating: [1, 3, 4], count: 8))
        } throws: { error in
            guard case let LlamaError.insufficientMemory(required, reportedAvailable, batchSize, sequenceLength) = error
            else { return false }
            let cacheBytes = 2 * 2 * 8 * 67_000_003 * 8 * 4
            return required > cacheBytes && required > reportedAvailable && batchSize == 8
                && sequenceLength == 67_000_003
                && abs(reportedAvailable - available) < available / 2
        }
    }

    @Test("decoder settings out of range are refused")
    func refusesBadSettings() throws {
        let model = try GoldenModel.all[0].loadModel()
        #expect(throws: LlamaError.invalidSetting(name: "batch size", value: 0, reason: "must be at least 1")) {
            try GreedyDecoder(model: model, batchSize: 0, maxNewTokens: 8, eosTokenIDs: [2], context: .machineDefault)
        }
        #expect(throws: LlamaError.invalidSetting(name: "max-new-tokens", value: 0, reason: "must be at least 1")) {
            try GreedyDecoder(model: model, batchSize: 1, maxNewTokens: 0, eosTokenIDs: [2], context: .machineDefault)
        }
        #expect(throws: LlamaError.invalidSetting(name: "EOS token id", value: -2, reason: "must not be negative")) {
            try GreedyDecoder(model: model, batchSize: 1, maxNewTokens: 8, eosTokenIDs: [-2], context: .machineDefault)
        }
    }
}
