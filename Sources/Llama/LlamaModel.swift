public import Checkpoint
public import TensorCore

/// A `LlamaForCausalLM` ready to run: the checkpoint's weights in their in-memory precision
/// (Float32, or 16-bit widened exactly inside the products), checked to be finite, arranged per
/// layer with any unmerged LoRA adapter beside its weight, and the rotary inverse frequencies.
///
/// The weights are the checkpoint's own buffers (no copy); the model keeps them alive.
public final class LlamaModel: @unchecked Sendable {
    // @unchecked Sendable: every stored property is a `let`, and the weight buffers are never
    // written after `init` (the forward pass only reads them; activations live in `ForwardScratch`
    // and the KV cache, which a single `GreedyDecoder` owns).

    public let configuration: LlamaConfiguration

    /// `[vocab, hidden]`, rows gathered by token id.
    let embedding: WeightMatrix
    let layers: [LayerWeights]
    /// `[hidden]`
    let finalNorm: Vector
    /// `[vocab, hidden]`; the embedding itself when `tie_word_embeddings` is true.
    let outputProjection: WeightMatrix
    let rotary: RotaryEmbedding
    /// `rms_norm_eps` as the Float32 transformers adds (a Python float promoted into a float32 op).
    let rmsNormEpsilon: Float
    /// Whether any matrix is kept in 16 bits (the products then need a widening workspace, and a
    /// forward pass runs OpenBLAS single-threaded). Stored: every forward pass asks.
    let hasHalfWeights: Bool

    /// Takes the weights of `checkpoint`.
    /// - Throws: `LlamaError.nonFiniteWeight` naming the first tensor (in the order embedding,
    ///   layers, final norm, head) that holds a NaN or an infinity.
    public init(checkpoint: LlamaCheckpoint) throws(LlamaError) {
        let configuration = checkpoint.configuration
        self.configuration = configuration
        var tensors = [checkpoint.embedding]
        var layers: [LayerWeights] = []
        for index in 0..<configuration.layerCount {
            func projection(_ tensor: LlamaLayerTensor) -> Projection {
                let weight = checkpoint.layer(index, tensor)
                return Projection(
                    weight: weight.weight, adapter: checkpoint.unmergedAdapter(forWeightNamed: weight.name))
            }
            let weights = LayerWeights(
                inputNorm: Vector(checkpoint.layer(index, .inputNorm).values), query: projection(.query),
                key: projection(.key), value: projection(.value), attentionOutput: projection(.attentionOutput),
                postAttentionNorm: Vector(checkpoint.layer(index, .postAttentionNorm).values),
                gate: projection(.gate), up: projection(.up), down: projection(.down))
            layers.append(weights)
            tensors += LlamaLayerTensor.allCases.map { checkpoint.layer(index, $0) }
        }
        tensors.append(checkpoint.finalNorm)
        if !configuration.tiesWordEmbeddings { tensors.append(checkpoint.outputProjection) }
        for tensor in tensors { try Self.checkFinite(tensor) }

        embedding = checkpoint.embedding.weight
        self.layers = layers
        finalNorm = Vector(checkpoint.finalNorm.values)
        outputProjection = checkpoint.outputProjection.weight
        rotary = RotaryEmbedding(headDimension: configuration.headDimension, theta: configuration.ropeTheta)
        rmsNormEpsilon = Float(configuration.rmsNormEpsilon)
        hasHalfWeights = layers.contains { $0.projections.contains { $0.weight.format != .float32 } }
            || embedding.format != .float32 || outputProjection.format != .float32
    }

    /// Throws on the first NaN or infinity in `tensor`.
    private static func checkFinite(_ tensor: CheckpointTensor) throws(LlamaError) {
        if let index = tensor.storage.firstNonFiniteIndex() {
            throw .nonFiniteWeight(tensor: tensor.name, index: index, value: tensor.storage[index])
        }
    }

    /// The widest input of any projection, the rank of the largest unmerged adapter, and the widest
    /// output it adds to: what the forward scratch must hold beyond the activations.
    var projectionNeeds: (maxColumns: Int, adapterRank: Int, adapterOutputs: Int) {
        var maxColumns = outputProjection.columns
        var rank = 0
        var outputs = 0
        for layer in layers {
            for projection in layer.projections {
                maxColumns = max(maxColumns, projection.weight.columns)
                if let adapter = projection.adapter {
                    rank = max(rank, adapter.rank)
                    outputs = max(outputs, projection.weight.rows)
                }
            }
        }
        return (maxColumns, rank, outputs)
    }


    /// Formats of the matrices as kept in memory, e.g. [.float16], in the order of their names.
    package var weightFormats: [StorageFormat] {
        var formats: Set<StorageFormat> = [embedding.format, outputProjection.format]
        for layer in layers { for projection in layer.projections { formats.insert(projection.weight.format) } }
        return formats.sorted { $0.rawValue < $1.rawValue }
    }
}

/// A linear weight `[out, in]` and the LoRA adapter kept beside it when the weight is 16-bit.
struct Projection {
    let weight: WeightMatrix
    let adapter: LowRankAdapter?
}

/// The weights of one decoder layer; linear weights are `[out, in]` as stored.
struct LayerWeights {
    /// `[hidden]`
    let inputNorm: Vector
    /// `[heads·headDim, hidden]`
    let query: Projection
    /// `[kvHeads·headDim, hidden]`
    let key: Projection
    /// `[kvHeads·headDim, hidden]`
    let value: Projection
    /// `[hidden, heads·headDim]`
    let attentionOutput: Projection
    /// `[hidden]`
    let postAttentionNorm: Vector
    /// `[intermediate, hidden]`
    let gate: Projection
    /// `[intermediate, hidden]`
    let up: Projection
    /// `[hidden, intermediate]`
    let down: Projection

    var projections: [Projection] { [query, key, value, attentionOutput, gate, up, down] }
}

extension LlamaModel {
    /// Checks one prompt against the vocabulary and the context length.
    func check(prompt: [Int], index: Int, maxNewTokens: Int) throws(LlamaError) {
        guard !prompt.isEmpty else { throw .emptyPrompt(index: index) }
        let vocabularySize = configuration.vocabularySize
        if let position = prompt.firstIndex(where: { $0 < 0 || $0 >= vocabularySize }) {
            throw .tokenOutOfRange(prompt: index, position: position, token: prompt[position], vocabularySize: vocabularySize)
        }
        guard prompt.count + maxNewTokens <= configuration.maxPositionEmbeddings else {
            throw .promptTooLong(
                index: index, promptTokens: prompt.count, maxNewTokens: maxNewTokens,
                contextLength: configuration.maxPositionEmbeddings)
        }
    }

    /// The float32 logits at the last position of `prompt` (one prefill pass), e.g. to compare
    /// with transformers' `model(ids).logits[0, -1]`, computed on the threads of `context`.
    /// - Throws: `LlamaError.emptyPrompt`, `.tokenOutOfRange` or `.promptTooLong`.
    public func lastPositionLogits(prompt: [Int], context: ComputeContext) throws(LlamaError) -> [Float] {
        try check(prompt: prompt, index: 0, maxNewTokens: 0)
        let cache = KVCache(
            layerCount: configuration.layerCount, slotCount: 1, positionCapacity: prompt.count,
            rowWidth: configuration.kvHeadCount * configuration.headDimension)
        let scratch = ForwardScratch(
            model: self, rowCapacity: prompt.count, logitCapacity: 1, positionCapacity: prompt.count,
            context: context)
        var step = StepRows(capacity: prompt.count, logitCapacity: 1)
        for (position, token) in prompt.enumerated() {
            step.append(token: token, slot: 0, position: position, wantsLogits: position == prompt.count - 1)
        }
        forward(step, cache: cache, scratch: scratch)
        return Array(scratch.logits.prefix(configuration.vocabularySize))
    }
}
