/// How Float32 values are encoded in a source byte range (a checkpoint tensor, a fixture).
///
/// All formats are little-endian, as in safetensors and PyTorch checkpoints.
package enum StorageFormat: String, Sendable, Hashable, CaseIterable {
    /// IEEE 754 binary32.
    case float32
    /// IEEE 754 binary16 ("fp16", `torch.float16`).
    case float16
    /// The upper half of a binary32 ("bf16", `torch.bfloat16`).
    case bfloat16

    /// Bytes per element.
    package var byteWidth: Int {
        switch self {
        case .float32: 4
        case .float16, .bfloat16: 2
        }
    }
}
