import Checkpoint
import Foundation
import Llama

/// The committed fixtures under `Tests/Fixtures`, found from this file's path.
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Support
        .deletingLastPathComponent()  // LlamaTests
        .deletingLastPathComponent()  // Tests
        .appendingPathComponent("Fixtures")

    static func url(_ name: String) -> URL { root.appendingPathComponent(name) }
}

/// A fixture model with its transformers greedy goldens (`goldens/inference/<name>.json`).
struct GoldenModel: CustomStringConvertible, Sendable {
    /// Relative to Tests/Fixtures.
    let directory: String
    let adapter: String?
    /// Relative to Tests/Fixtures; default `goldens/inference/<description>.json`.
    var goldenFile: String? = nil

    var description: String { adapter.map { "\(directory)+\($0)" } ?? directory }

    static let all = [
        GoldenModel(directory: "llama-f32", adapter: nil),
        GoldenModel(directory: "llama-gqa", adapter: nil),
        GoldenModel(directory: "llama-tied", adapter: nil),
        GoldenModel(directory: "llama-f32", adapter: "lora-adapter"),
        // 16-bit weights stay 16-bit in memory (widened exactly inside the products); goldens from
        // transformers on the same weights loaded in float32, the adapter unmerged as PEFT runs it.
        GoldenModel(directory: "llama-f16", adapter: nil),
        GoldenModel(directory: "llama-bf16", adapter: nil),
        GoldenModel(directory: "llama-f16", adapter: "lora-adapter"),
        GoldenModel(directory: "llama-bf16", adapter: "lora-adapter"),
    ]

    /// Tests/LlamaTests/Fixtures/llama-odd (scripts/fixtures/make_llama_odd_fixture.py): head_dim 10,
    /// not hidden/heads, GQA 4:2, rope_theta 500000, eps 1e-5, tied embeddings.
    static let odd = GoldenModel(
        directory: "../LlamaTests/Fixtures/llama-odd", adapter: nil,
        goldenFile: "../LlamaTests/Fixtures/llama-odd/golden.json")

    func loadModel(weights: WeightPrecision = .auto) throws -> LlamaModel {
        let checkpoint = try LlamaCheckpoint.load(
            directory: Fixtures.url(directory), adapter: adapter.map { Fixtures.url($0) }, weights: weights)
        return try LlamaModel(checkpoint: checkpoint)
    }

    func loadGolden() throws -> InferenceGolden {
        let data = try Data(contentsOf: Fixtures.url(goldenFile ?? "goldens/inference/\(description).json"))
        return try JSONDecoder().decode(InferenceGolden.self, from: data)
    }
}

/// `goldens/inference/*.json` as written by scripts/fixtures/make_fixtures.py.
struct InferenceGolden: Decodable {
    struct Prompt: Decodable {
        let prompt_ids: [Int]
        /// Generated ids; the EOS that ended generation is kept.
        let new_ids: [Int]
        let ended_with_eos: Bool
        let min_top2_margin: Double
        let last_prompt_logits: [Float]?
    }

    struct Settings: Decodable {
        let max_new_tokens: Int
        let eos_token_id: Int
    }

    let settings: Settings
    let prompts: [Prompt]

    var promptIDs: [[Int]] { prompts.map(\.prompt_ids) }

    /// The goldens in the decoder's terms: EOS removed, stop reason from `ended_with_eos`.
    var expectedCompletions: [GreedyCompletion] {
        prompts.map { prompt in
            var tokens = prompt.new_ids
            if prompt.ended_with_eos, tokens.last == settings.eos_token_id { tokens.removeLast() }
            return GreedyCompletion(
                tokens: tokens, stop: prompt.ended_with_eos ? .eos : .length,
                promptTokenCount: prompt.prompt_ids.count)
        }
    }
}
