public import Checkpoint
import TensorCore

/// A `LlamaForCausalLM` ready to run: the checkpoint's Float32 weights, checked to be finite,
/// arranged per layer, and the rotary inverse frequencies.
///
/// The weights are the checkpoint's own buffers (no copy); the model keeps them alive.
public final class LlamaModel: @unchecked Sendable {
    // @unchecked Sendable: every stored property is a `let`, and the weight buffers are never
    // written after `init` (the forward pass only reads them; activations live in `ForwardScratch`
    // and the KV cache, which a single `GreedyDecoder` owns).

    public let configuration: LlamaConfiguration

    /// `[vocab, hidden]`, rows gathered by token id.
    let embedding: Matrix
    let layers: [LayerWeights]
    /// `[hidden]`
    let finalNorm: Vector
    /// `[vocab, hidden]`; the embedding itself when `tie_word_embeddings` is true.
    let outputProjection: Matrix
    let rotary: RotaryEmbedding
    /// `rms_norm_eps` as the Float32 transformers adds (a Python float promoted into a float32 op).
    let rmsNormEpsilon: Float

    /// Takes the weights of `checkpoint`.
    /// - Throws: `LlamaError.nonFiniteWeight` naming the first tensor (in the order embedding,
    ///   layers, final norm, head) that holds a NaN or an infinity.
    public init(checkpoint: LlamaCheckpoint) throws(LlamaError) {
        let configuration = checkpoint.configuration
        self.configuration = configuration
        var tensors = [checkpoint.embedding]
        var layers: [LayerWeights] = []
        for index in 0..<configuration.layerCount {
            let weights = LayerWeights(
                inputNorm: checkpoint.layer(index, .inputNorm), query: checkpoint.layer(index, .query),
                key: checkpoint.layer(index, .key), value: checkpoint.layer(index, .value),
                attentionOutput: checkpoint.layer(index, .attentionOutput),
                postAttentionNorm: checkpoint.layer(index, .postAttentionNorm),
                gate: checkpoint.layer(index, .gate), up: checkpoint.layer(index, .up),
                down: checkpoint.layer(index, .down))
            layers.append(weights)
            tensors += LlamaLayerTensor.allCases.map { checkpoint.layer(index, $0) }
        }
        tensors.append(checkpoint.finalNorm)
        if !configuration.tiesWordEmbeddings { tensors.append(checkpoint.outputProjection) }
        for tensor in tensors { try Self.checkFinite(tensor) }

        embedding = checkpoint.embedding.matrix
        self.layers = layers
        finalNorm = Vector(checkpoint.finalNorm.values)
        outputProjection = checkpoint.outputProjection.matrix
        rotary = RotaryEmbedding(headDimension: configuration.headDimension, theta: configuration.ropeTheta)
        rmsNormEpsilon = Float(configuration.rmsNormEpsilon)
    }

    /// Throws on the first NaN or infinity in `tensor`.
    private static func checkFinite(_ tensor: CheckpointTensor) throws(LlamaError) {
        let firstNonFinite: Int? = tensor.values.withUnsafeBufferPointer { values in
            // A branch-free pass that vectorises; the slow search runs only when it finds something.
            var exponentAllOnes: UInt32 = 0
            for value in values {
                let exponent = value.bitPattern & 0x7F80_0000
                exponentAllOnes |= exponent == 0x7F80_0000 ? 1 : 0
            }
            guard exponentAllOnes != 0 else { return nil }
            return values.firstIndex { !$0.isFinite }
        }
        if let index = firstNonFinite {
            throw .nonFiniteWeight(tensor: tensor.name, index: index, value: tensor.values[index])
        }
    }
}

/// The weights of one decoder layer; linear weights are `[out, in]` as stored.
struct LayerWeights {
    /// `[hidden]`
    let inputNorm: Vector
    /// `[heads·headDim, hidden]`
    let query: Matrix
    /// `[kvHeads·headDim, hidden]`
    let key: Matrix
    /// `[kvHeads·headDim, hidden]`
    let value: Matrix
    /// `[hidden, heads·headDim]`
    let attentionOutput: Matrix
    /// `[hidden]`
    let postAttentionNorm: Vector
    /// `[intermediate, hidden]`
    let gate: Matrix
    /// `[intermediate, hidden]`
    let up: Matrix
    /// `[hidden, intermediate]`
    let down: Matrix

    init(
        inputNorm: CheckpointTensor, query: CheckpointTensor, key: CheckpointTensor, value: CheckpointTensor,
        attentionOutput: CheckpointTensor, postAttentionNorm: CheckpointTensor,
        gate: CheckpointTensor, up: CheckpointTensor, down: CheckpointTensor
    ) {
        self.inputNorm = Vector(inputNorm.values)
        self.query = query.matrix
        self.key = key.matrix
        self.value = value.matrix
        self.attentionOutput = attentionOutput.matrix
        self.postAttentionNorm = Vector(postAttentionNorm.values)
        self.gate = gate.matrix
        self.up = up.matrix
        self.down = down.matrix
    }
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
    /// with transformers' `model(ids).logits[0, -1]`.
    /// - Throws: `LlamaError.emptyPrompt`, `.tokenOutOfRange` or `.promptTooLong`.
    public func lastPositionLogits(prompt: [Int]) throws(LlamaError) -> [Float] {
        try check(prompt: prompt, index: 0, maxNewTokens: 0)
        let cache = KVCache(
            layerCount: configuration.layerCount, slotCount: 1, positionCapacity: prompt.count,
            rowWidth: configuration.kvHeadCount * configuration.headDimension)
        let scratch = ForwardScratch(
            configuration: configuration, rowCapacity: prompt.count, logitCapacity: 1, positionCapacity: prompt.count)
        var step = StepRows(capacity: prompt.count, logitCapacity: 1)
        for (position, token) in prompt.enumerated() {
            step.append(token: token, slot: 0, position: position, wantsLogits: position == prompt.count - 1)
        }
        forward(step, cache: cache, scratch: scratch)
        return Array(scratch.logits.prefix(configuration.vocabularySize))
    }
}
