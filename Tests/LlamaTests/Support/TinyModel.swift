import Checkpoint
import TensorCore

/// A seeded random checkpoint for a configuration (in memory, no files).
enum TinyModel {
    static func checkpoint(configuration: LlamaConfiguration, seed: UInt64 = 7) throws -> LlamaCheckpoint {
        var state = seed
        func next() -> Float {
            // SplitMix64 → uniform in [-0.5, 0.5).
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            return Float(z >> 40) / Float(1 << 24) - 0.5
        }
        let hidden = configuration.hiddenSize
        let queryWidth = configuration.attentionHeadCount * configuration.headDimension
        let kvWidth = configuration.kvHeadCount * configuration.headDimension
        let intermediate = configuration.intermediateSize
        func tensor(_ name: String, _ shape: [Int]) -> CheckpointTensor {
            let count = shape.reduce(1, *)
            return CheckpointTensor(name: name, shape: shape, values: FloatBuffer((0..<count).map { _ in next() }))
        }
        var tensors = [tensor(LlamaTensorName.embedding, [configuration.vocabularySize, hidden])]
        for layer in 0..<configuration.layerCount {
            for part in LlamaLayerTensor.allCases {
                let shape: [Int] = switch part {
                case .inputNorm, .postAttentionNorm: [hidden]
                case .query: [queryWidth, hidden]
                case .key, .value: [kvWidth, hidden]
                case .attentionOutput: [hidden, queryWidth]
                case .gate, .up: [intermediate, hidden]
                case .down: [hidden, intermediate]
                }
                tensors.append(tensor(LlamaTensorName.layer(layer, part), shape))
            }
        }
        tensors.append(tensor(LlamaTensorName.finalNorm, [hidden]))
        if !configuration.tiesWordEmbeddings {
            tensors.append(tensor(LlamaTensorName.outputProjection, [configuration.vocabularySize, hidden]))
        }
        return try LlamaCheckpoint.assemble(configuration: configuration, tensors: tensors)
    }
}
