package import TensorCore

/// One loaded tensor: its Hugging Face name, its shape and its elements in their in-memory
/// precision (row-major, so an `nn.Linear` weight is `[out, in]`).
package struct CheckpointTensor {
    package let name: String
    package let shape: [Int]
    /// The elements; `storage.count` is the product of `shape`. Loaded once and never written again.
    package let storage: WeightStorage

    /// A tensor built in memory (test models); `values.count` must equal the product of `shape`.
    package init(name: String, shape: [Int], values: FloatBuffer) {
        self.init(name: name, shape: shape, storage: .float32(values))
    }

    package init(name: String, shape: [Int], storage: WeightStorage) {
        precondition(storage.count == shape.reduce(1, *), "'\(name)': \(storage.count) values for shape \(shape)")
        self.name = name
        self.shape = shape
        self.storage = storage
    }

    /// The elements as Float32: the loaded buffer itself for a Float32 tensor, a widened copy
    /// (allocated on each call) for a 16-bit one.
    package var values: FloatBuffer { storage.widened() }

    /// The tensor as a row-major weight (`[out, in]` for a linear weight).
    /// - Precondition: the tensor has rank 2.
    package var weight: WeightMatrix {
        precondition(shape.count == 2, "'\(name)' has shape \(shape), not a matrix")
        return WeightMatrix(storage, rows: shape[0], columns: shape[1])
    }
}
