import Checkpoint
public import TensorCore

/// Batched greedy decoding with a KV cache and continuous batching.
///
/// Up to `batchSize` prompts decode together, each in its own cache slot with its own positions;
/// when one finishes (an EOS id, `maxNewTokens`, or the caller's `SequenceStopCondition`), the next
/// waiting prompt takes its slot at once.
/// Every row attends only to its own slot at its own positions, so nothing of the other prompts
/// (their order, lengths or number) enters a prompt's computation. What can differ is rounding:
/// OpenBLAS's sgemm rounds a row differently depending on the row count M and the thread count
/// (measured with 0.3.21's Haswell kernels), and a step of one row goes through sgemv, so logits
/// agree across batch compositions to float32 rounding (≤ 1e-5 on the fixtures) rather than bit
/// for bit, and tokens are equal unless the top two logits are that close.
///
/// One decoder owns its cache and scratch buffers: use it from one thread at a time. Products use
/// the threads of its compute context: OpenBLAS's for Float32 weights, Reckon's kernel threads for
/// 16-bit weights (whose results do not depend on the count); its memory check counts the
/// per-thread workspaces of that context.
public final class GreedyDecoder {
    public let model: LlamaModel
    public let context: ComputeContext
    public let batchSize: Int
    public let maxNewTokens: Int
    public let eosTokenIDs: Set<Int>
    /// Counts from the last `decode` call.
    package private(set) var statistics = DecodeStatistics()

    /// Prompt tokens a step may prefill on top of one decode row per slot: enough for OpenBLAS to
    /// run near its best GEMM rate, small enough that the activations stay a few hundred MB for a
    /// 3B model. Longer prompts are prefilled over several steps.
    static let prefillRowsPerStep = 256

    private var cache: KVCache?
    private var scratch: ForwardScratch?
    private var step = StepRows(capacity: 0, logitCapacity: 0)

    /// - Throws: `LlamaError.invalidSetting` for a batch size or max-new-tokens below 1 or a
    ///   negative EOS id.
    public init(
        model: LlamaModel, batchSize: Int, maxNewTokens: Int, eosTokenIDs: Set<Int>, context: ComputeContext
    ) throws(LlamaError) {
        guard batchSize >= 1 else { throw .invalidSetting(name: "batch size", value: batchSize, reason: "must be at least 1") }
        guard maxNewTokens >= 1 else {
            throw .invalidSetting(name: "max-new-tokens", value: maxNewTokens, reason: "must be at least 1")
        }
        if let negative = eosTokenIDs.first(where: { $0 < 0 }) {
            throw .invalidSetting(name: "EOS token id", value: negative, reason: "must not be negative")
        }
        self.model = model
        self.context = context
        self.batchSize = batchSize
        self.maxNewTokens = maxNewTokens
        self.eosTokenIDs = eosTokenIDs
    }

    /// Greedily continues every prompt (token ids, BOS included) and returns the completions in
    /// prompt order; `onCompletion(index, completion)` sees each one as soon as it finishes (in
    /// finishing order), e.g. to stream results to disk. `stopCondition(index)` is asked once, when
    /// prompt `index` gets a slot, for the rule that may end it early (nil: EOS and the limit only).
    ///
    /// Everything is checked before any decoding starts.
    /// - Throws: `LlamaError.emptyPromptList`, `.emptyPrompt`, `.tokenOutOfRange`,
    ///   `.promptTooLong` (prompt plus `maxNewTokens` beyond `max_position_embeddings`),
    ///   `.insufficientMemory` (KV cache and activations larger than the available memory);
    ///   and whatever `onCompletion` throws, which stops decoding.
    public func decode(
        prompts: [[Int]], onCompletion: (Int, GreedyCompletion) throws -> Void = { _, _ in }
    ) throws -> [GreedyCompletion] {
        try decode(prompts: prompts, stopCondition: { _ in nil }, onCompletion: onCompletion)
    }

    /// `decode(prompts:onCompletion:)` with a caller's stop rule per prompt.
    public func decode(
        prompts: [[Int]],
        stopCondition: (Int) -> (any SequenceStopCondition)?,
        onCompletion: (Int, GreedyCompletion) throws -> Void = { _, _ in }
    ) throws -> [GreedyCompletion] {
        guard !prompts.isEmpty else { throw LlamaError.emptyPromptList }
        for (index, prompt) in prompts.enumerated() {
            try model.check(prompt: prompt, index: index, maxNewTokens: maxNewTokens)
        }
        let slotCount = min(batchSize, prompts.count)
        let longest = prompts.map(\.count).max() ?? 0
        try prepareBuffers(slotCount: slotCount, positionCapacity: longest + maxNewTokens)
        guard let cache, let scratch else { preconditionFailure("prepareBuffers allocates both") }

        var results = [GreedyCompletion?](repeating: nil, count: prompts.count)
        var slots = [Slot](repeating: Slot(), count: slotCount)
        var nextPrompt = 0
        for slot in 0..<slotCount {
            slots[slot].start(prompt: nextPrompt, reserving: maxNewTokens, stopCondition: stopCondition(nextPrompt))
            nextPrompt += 1
        }
        statistics = DecodeStatistics()
        let clock = ContinuousClock()

        while true {
            let decodeRows = fillStep(slots: &slots, prompts: prompts)
            guard step.count > 0 else { break }
            let start = clock.now
            model.forward(step, cache: cache, scratch: scratch)
            statistics.record(step: step, decodeRows: decodeRows, duration: clock.now - start)

            for logitRow in 0..<step.logitCount {
                let slot = step.slots[step.logitRows[logitRow]]
                let token = ElementwiseKernels.argmax(
                    Vector(scratch.logits, offset: logitRow * model.configuration.vocabularySize,
                           count: model.configuration.vocabularySize))
                statistics.generatedTokens += 1
                let stop: GreedyCompletion.Stop?
                if eosTokenIDs.contains(token) {
                    stop = .eos
                } else {
                    slots[slot].generated.append(token)
                    if slots[slot].generated.count == maxNewTokens {
                        stop = .length
                    } else if slots[slot].stopCondition?.shouldStop(after: token) == true {
                        stop = .stopCondition
                    } else {
                        stop = nil
                    }
                }
                guard let stop else { continue }
                let index = slots[slot].prompt
                let completion = GreedyCompletion(
                    tokens: slots[slot].generated, stop: stop, promptTokenCount: prompts[index].count)
                results[index] = completion
                statistics.completions += 1
                if nextPrompt < prompts.count {
                    slots[slot].start(
                        prompt: nextPrompt, reserving: maxNewTokens, stopCondition: stopCondition(nextPrompt))
                    nextPrompt += 1
                } else {
                    slots[slot].stop()
                }
                try onCompletion(index, completion)
            }
        }
        return results.enumerated().map { index, completion in
            guard let completion else { preconditionFailure("prompt \(index) was never completed") }
            return completion
        }
    }

    /// Fills `step` with one row per decoding slot (its last generated token) and then, up to the
    /// step's capacity, the next prompt tokens of slots still prefilling.
    /// - Returns: the number of decode rows (they come first).
    private func fillStep(slots: inout [Slot], prompts: [[Int]]) -> Int {
        step.removeAll()
        for slot in slots.indices where slots[slot].isActive {
            let promptLength = prompts[slots[slot].prompt].count
            guard slots[slot].prefilled == promptLength, let last = slots[slot].generated.last else { continue }
            step.append(
                token: last, slot: slot, position: promptLength + slots[slot].generated.count - 1, wantsLogits: true)
        }
        let decodeRows = step.count
        for slot in slots.indices where slots[slot].isActive {
            let prompt = prompts[slots[slot].prompt]
            while slots[slot].prefilled < prompt.count && !step.isFull {
                let position = slots[slot].prefilled
                step.append(
                    token: prompt[position], slot: slot, position: position, wantsLogits: position == prompt.count - 1)
                slots[slot].prefilled += 1
            }
        }
        return decodeRows
    }

    /// Allocates (or keeps, when large enough) the KV cache and scratch, after checking that they
    /// fit in the available memory.
    private func prepareBuffers(slotCount: Int, positionCapacity: Int) throws(LlamaError) {
        let configuration = model.configuration
        let rowCapacity = min(slotCount + Self.prefillRowsPerStep, slotCount * positionCapacity)
        if let cache, let scratch, cache.slotCount >= slotCount, cache.positionCapacity >= positionCapacity,
           scratch.rowCapacity >= rowCapacity, scratch.logitCapacity >= slotCount {
            step = StepRows(capacity: rowCapacity, logitCapacity: slotCount)
            return
        }
        cache = nil
        scratch = nil
        let required = Self.requiredBytes(
            model: model, slotCount: slotCount, positionCapacity: positionCapacity, rowCapacity: rowCapacity,
            context: context)
        let available = MemoryBudget.availableBytes()
        guard required <= available else {
            throw .insufficientMemory(
                requiredBytes: required, availableBytes: available, batchSize: slotCount,
                sequenceLength: positionCapacity)
        }
        cache = KVCache(
            layerCount: configuration.layerCount, slotCount: slotCount, positionCapacity: positionCapacity,
            rowWidth: configuration.kvHeadCount * configuration.headDimension)
        scratch = ForwardScratch(
            model: model, rowCapacity: rowCapacity, logitCapacity: slotCount, positionCapacity: positionCapacity,
            context: context)
        step = StepRows(capacity: rowCapacity, logitCapacity: slotCount)
    }

    /// Whether `decode` with `batchSize` slots, prompts of up to `promptTokens` tokens and
    /// `maxNewTokens` in `context` would pass its memory check now (the same check it makes
    /// before decoding).
    public static func fitsInMemory(
        model: LlamaModel, batchSize: Int, promptTokens: Int, maxNewTokens: Int, context: ComputeContext
    ) -> Bool {
        let positionCapacity = promptTokens + maxNewTokens
        let required = requiredBytes(
            model: model, slotCount: batchSize, positionCapacity: positionCapacity,
            rowCapacity: min(batchSize + prefillRowsPerStep, batchSize * positionCapacity), context: context)
        return required <= MemoryBudget.availableBytes()
    }

    /// Bytes of the KV cache (keys and values) plus the scratch (activations, the widening
    /// workspace of 16-bit weights, an unmerged adapter's buffers); `Int.max` if that overflows.
    /// The weights are already loaded, so the available memory this is checked against has them
    /// deducted at their real in-memory size.
    static func requiredBytes(
        model: LlamaModel, slotCount: Int, positionCapacity: Int, rowCapacity: Int, context: ComputeContext
    ) -> Int {
        let configuration = model.configuration
        guard let cacheElements = KVCache.elementCount(
                layerCount: configuration.layerCount, slotCount: slotCount, positionCapacity: positionCapacity,
                rowWidth: configuration.kvHeadCount * configuration.headDimension),
              let scratchBytes = ForwardScratch.byteCount(
                model: model, rowCapacity: rowCapacity, logitCapacity: slotCount, positionCapacity: positionCapacity,
                context: context)
        else { return Int.max }
        let (cacheBytes, overflow1) = cacheElements.multipliedReportingOverflow(by: 2 * MemoryLayout<Float>.stride)
        let (total, overflow2) = cacheBytes.addingReportingOverflow(scratchBytes)
        return overflow1 || overflow2 ? Int.max : total
    }
}

/// One cache slot's sequence: which prompt, how much of it is in the cache, what it generated.
private struct Slot {
    /// Index of the prompt, or -1 when the slot is idle.
    var prompt = -1
    /// Prompt tokens already processed (their keys and values are in the cache).
    var prefilled = 0
    var generated: [Int] = []
    /// The caller's rule that may end this sequence early.
    var stopCondition: (any SequenceStopCondition)?

    var isActive: Bool { prompt >= 0 }

    mutating func start(prompt: Int, reserving capacity: Int, stopCondition: (any SequenceStopCondition)?) {
        self.prompt = prompt
        prefilled = 0
        generated = []
        generated.reserveCapacity(capacity)
        self.stopCondition = stopCondition
    }

    mutating func stop() {
        prompt = -1
        generated = []
        stopCondition = nil
    }
}
