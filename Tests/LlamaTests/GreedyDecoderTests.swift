import Checkpoint
import Testing
import TensorCore
@testable import Llama

/// Greedy decoding against transformers' `generate` on the fixture models, and the properties
/// that make batched decoding trustworthy: no dependence on batch size, order or threads.
@Suite("Greedy decoding", .serialized)
struct GreedyDecoderTests {
    @Test("greedy tokens equal transformers' for every fixture model and batch size",
          arguments: GoldenModel.all, [1, 5, 32])
    func matchesTransformers(model spec: GoldenModel, batchSize: Int) throws {
        let model = try spec.loadModel()
        let golden = try spec.loadGolden()
        let decoder = try GreedyDecoder(
            model: model, batchSize: batchSize, maxNewTokens: golden.settings.max_new_tokens,
            eosTokenIDs: [golden.settings.eos_token_id], context: .machineDefault)
        let completions = try decoder.decode(prompts: golden.promptIDs)
        let expected = golden.expectedCompletions
        #expect(completions.count == expected.count)
        for (index, (completion, reference)) in zip(completions, expected).enumerated() {
            #expect(completion == reference,
                    "\(spec) prompt \(index) at batch \(batchSize) (smallest top-2 margin \(golden.prompts[index].min_top2_margin))")
        }
    }

    @Test("16-bit checkpoints widened to float32 at load (--weights float32) give the same tokens",
          arguments: GoldenModel.all.filter { $0.directory != "llama-f32" && $0.directory.hasSuffix("16") }, [1, 32])
    func sixteenBitWidenedMatchesTransformers(model spec: GoldenModel, batchSize: Int) throws {
        let model = try spec.loadModel(weights: .float32)
        #expect(model.weightFormats == [.float32])
        let golden = try spec.loadGolden()
        let completions = try GreedyDecoder(
            model: model, batchSize: batchSize, maxNewTokens: golden.settings.max_new_tokens,
            eosTokenIDs: [golden.settings.eos_token_id], context: .machineDefault
        ).decode(prompts: golden.promptIDs)
        #expect(completions == golden.expectedCompletions, "\(spec) at batch \(batchSize), float32 in memory")
    }

    @Test("completions are delivered once each, as they finish, with the returned values")
    func streamsCompletions() throws {
        let spec = GoldenModel.all[0]
        let golden = try spec.loadGolden()
        let decoder = try GreedyDecoder(
            model: try spec.loadModel(), batchSize: 5, maxNewTokens: 24, eosTokenIDs: [2], context: .machineDefault)
        var delivered: [Int: GreedyCompletion] = [:]
        var order: [Int] = []
        let completions = try decoder.decode(prompts: golden.promptIDs) { index, completion in
            #expect(delivered.updateValue(completion, forKey: index) == nil, "prompt \(index) delivered twice")
            order.append(index)
        }
        #expect(delivered.count == completions.count)
        for (index, completion) in completions.enumerated() { #expect(delivered[index] == completion) }
        // Five slots, continuous batching: the sixth prompt can only start after one finished.
        #expect(Set(order.prefix(1)).isSubset(of: Set(0..<5)))
        #expect(decoder.statistics.completions == golden.prompts.count)
        let statistics = decoder.statistics
        #expect(statistics.promptTokens == golden.promptIDs.reduce(0) { $0 + $1.count })
        let expectedGenerated = golden.prompts.reduce(0) { $0 + $1.new_ids.count }
        #expect(statistics.generatedTokens == expectedGenerated)
        // Every generated token but each prompt's last was fed back, in a decode or prefill step.
        #expect(statistics.decodeStepRows <= expectedGenerated - golden.prompts.count)
        #expect(statistics.decodeSteps > 0 && statistics.prefillSteps > 0)
    }

    @Test("a prompt's completion does not depend on the other prompts, their order or the batch size")
    func independentOfBatchComposition() throws {
        let spec = GoldenModel.all[1]
        let model = try spec.loadModel()
        let prompts = try spec.loadGolden().promptIDs
        let reference = try GreedyDecoder(model: model, batchSize: 32, maxNewTokens: 24, eosTokenIDs: [2], context: .machineDefault)
            .decode(prompts: prompts)
        let reversed = try GreedyDecoder(model: model, batchSize: 7, maxNewTokens: 24, eosTokenIDs: [2], context: .machineDefault)
            .decode(prompts: prompts.reversed())
        #expect(Array(reversed.reversed()) == reference)
        let alone = try GreedyDecoder(model: model, batchSize: 1, maxNewTokens: 24, eosTokenIDs: [2], context: .machineDefault)
            .decode(prompts: [prompts[9]])
        #expect(alone == [reference[9]])
        // The same prompt several times in one batch gives the same completion in every slot.
        let repeated = try GreedyDecoder(model: model, batchSize: 4, maxNewTokens: 24, eosTokenIDs: [2], context: .machineDefault)
            .decode(prompts: Array(repeating: prompts[3], count: 6))
        #expect(repeated == Array(repeating: reference[3], count: 6))
    }

    @Test("tokens do not depend on the thread count, and logits only by rounding")
    func independentOfThreadCount() throws {
        let spec = GoldenModel.all[0]
        let model = try spec.loadModel()
        let prompts = try spec.loadGolden().promptIDs
        var runs: [[GreedyCompletion]] = []
        var logits: [[Float]] = []
        for threads in [1, 2] {
            let context = ComputeContext(threads: threads)
            runs.append(try GreedyDecoder(model: model, batchSize: 8, maxNewTokens: 24, eosTokenIDs: [2], context: context)
                .decode(prompts: prompts))
            logits.append(try model.lastPositionLogits(prompt: prompts[31], context: context))
        }
        #expect(runs[0] == runs[1])
        // Not bit for bit: OpenBLAS 0.3.21's sgemm rounds a row differently with the thread count
        // (and with M), so logits agree only to float32 rounding.
        let worst = zip(logits[0], logits[1]).map { abs($0 - $1) }.max() ?? .infinity
        #expect(worst <= 1e-5, "max |Δlogit| between 1 and 2 threads: \(worst)")
    }

    @Test("EOS ends a completion without being included, and every EOS id counts")
    func stopsAtAnyEOS() throws {
        let spec = GoldenModel.all[0]
        let model = try spec.loadModel()
        let golden = try spec.loadGolden()
        let prompt = golden.prompts[0]
        // Declare the golden's fourth generated token an EOS id (next to the real one).
        let stopper = prompt.new_ids[3]
        #expect(!prompt.new_ids.prefix(3).contains(stopper))
        let completion = try GreedyDecoder(model: model, batchSize: 1, maxNewTokens: 24, eosTokenIDs: [2, stopper], context: .machineDefault)
            .decode(prompts: [prompt.prompt_ids])[0]
        #expect(completion == GreedyCompletion(
            tokens: Array(prompt.new_ids.prefix(3)), stop: .eos, promptTokenCount: prompt.prompt_ids.count))
        let short = try GreedyDecoder(model: model, batchSize: 1, maxNewTokens: 2, eosTokenIDs: [2], context: .machineDefault)
            .decode(prompts: [prompt.prompt_ids])[0]
        #expect(short == GreedyCompletion(
            tokens: Array(prompt.new_ids.prefix(2)), stop: .length, promptTokenCount: prompt.prompt_ids.count))
    }

    /// Stops after a fixed number of tokens and records what it was shown.
    private struct CountingStop: SequenceStopCondition {
        let limit: Int
        var seen: [Int] = []
        let log: (Int, [Int]) -> Void
        let prompt: Int

        mutating func shouldStop(after token: Int) -> Bool {
            seen.append(token)
            log(prompt, seen)
            return seen.count == limit
        }
    }

    @Test("a caller's stop condition ends its own sequence only, after the token it says, and frees the slot")
    func stopCondition() throws {
        let spec = GoldenModel.all[0]
        let model = try spec.loadModel()
        let prompts = try spec.loadGolden().promptIDs
        let reference = try GreedyDecoder(model: model, batchSize: 3, maxNewTokens: 24, eosTokenIDs: [2], context: .machineDefault)
            .decode(prompts: prompts)
        // Prompt i stops after 1 + i % 4 tokens; every third prompt has no condition.
        final class Log { var seen: [Int: [Int]] = [:] }
        let log = Log()
        let decoder = try GreedyDecoder(model: model, batchSize: 3, maxNewTokens: 24, eosTokenIDs: [2], context: .machineDefault)
        let stopped = try decoder.decode(prompts: prompts, stopCondition: { index in
            index % 3 == 2 ? nil : CountingStop(limit: 1 + index % 4, log: { log.seen[$0] = $1 }, prompt: index)
        })
        for (index, (completion, full)) in zip(stopped, reference).enumerated() {
            if index % 3 == 2 {
                #expect(completion == full)
                #expect(log.seen[index] == nil)
                continue
            }
            let limit = 1 + index % 4
            if full.tokens.count >= limit {
                // The condition saw exactly the tokens before it said stop, in order, EOS never.
                #expect(completion.tokens == Array(full.tokens.prefix(limit)), "prompt \(index)")
                #expect(completion.stop == (full.tokens.count == limit && full.stop == .length ? .length : .stopCondition))
                #expect(log.seen[index] == completion.tokens)
            } else {
                #expect(completion == full, "prompt \(index) ended before its condition")
            }
        }
        // Freed slots went to the next prompts: fewer tokens than without the condition.
        #expect(decoder.statistics.completions == prompts.count)
        #expect(decoder.statistics.generatedTokens == stopped.reduce(0) { $0 + $1.generatedTokenCount })
        #expect(decoder.statistics.generatedTokens < reference.reduce(0) { $0 + $1.generatedTokenCount })
    }
}
