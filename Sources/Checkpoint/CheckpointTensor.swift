public import TensorCore

/// One loaded tensor: its Hugging Face name, its shape and its elements widened to Float32
/// (row-major, so an `nn.Linear` weight is `[out, in]`).
public struct CheckpointTensor {
    public let name: String
    public let shape: [Int]
    /// The elements; `values.count` is the product of `shape`. Loaded once and never written again.
    public let values: FloatBuffer

    /// A tensor built in memory (test models); `values.count` must equal the product of `shape`.
    package init(name: String, shape: [Int], values: FloatBuffer) {
        precondition(values.count == shape.reduce(1, *), "'\(name)': \(values.count) values for shape \(shape)")
        self.name = name
        self.shape = shape
        self.values = values
    }

    /// The tensor as a row-major matrix view (`[out, in]` for a linear weight).
    /// - Precondition: the tensor has rank 2.
    public var matrix: Matrix {
        precondition(shape.count == 2, "'\(name)' has shape \(shape), not a matrix")
        return Matrix(values, rows: shape[0], columns: shape[1])
    }
}
