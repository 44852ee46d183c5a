import TensorCore

/// The precision loaded weights are kept in.
public enum WeightPrecision: String, Sendable, Hashable, CaseIterable {
    /// As stored: fp16 and bf16 matrices stay 16-bit (the products widen them exactly to Float32
    /// as they compute), Float32 stays Float32. Norm weights (vectors) are widened to Float32.
    case auto
    /// Every weight widened to Float32 at load (twice the memory of a 16-bit checkpoint).
    case float32

    /// The in-memory format of a tensor stored as `format` with `rank` dimensions.
    func inMemoryFormat(stored format: StorageFormat, rank: Int) -> StorageFormat {
        self == .auto && rank == 2 ? format : .float32
    }
}
