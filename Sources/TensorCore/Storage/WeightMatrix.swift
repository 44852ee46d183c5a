/// The elements of a loaded weight, in the precision they are kept in memory: Float32, or the
/// checkpoint's own 16-bit format (which the kernels widen exactly to Float32 as they compute).
///
/// Not `Sendable`, like `FloatBuffer`: a container whose weights are never written after loading
/// (the model) states that where it declares itself `@unchecked Sendable`.
package enum WeightStorage {
    case float32(FloatBuffer)
    case half(HalfBuffer)

    package var count: Int {
        switch self {
        case .float32(let buffer): buffer.count
        case .half(let buffer): buffer.count
        }
    }

    /// `.float32`, `.float16` or `.bfloat16`.
    package var format: StorageFormat {
        switch self {
        case .float32: .float32
        case .half(let buffer): buffer.format
        }
    }

    /// Bytes the elements occupy in memory.
    package var byteCount: Int { count * format.byteWidth }

    /// The elements as Float32: the buffer itself when stored so, else a widened copy.
    package func widened() -> FloatBuffer {
        switch self {
        case .float32(let buffer): buffer
        case .half(let buffer): buffer.widened()
        }
    }

    /// Index of the first infinity or NaN, or nil when every element is finite.
    package func firstNonFiniteIndex() -> Int? {
        switch self {
        case .half(let buffer):
            return buffer.firstNonFiniteIndex()
        case .float32(let buffer):
            return buffer.withUnsafeBufferPointer { values in
                // A branch-free pass that vectorises; the slow search runs only when it finds something.
                var exponentAllOnes: UInt32 = 0
                for value in values {
                    exponentAllOnes |= value.bitPattern & 0x7F80_0000 == 0x7F80_0000 ? 1 : 0
                }
                guard exponentAllOnes != 0 else { return nil }
                return values.firstIndex { !$0.isFinite }
            }
        }
    }

    /// The element at `index`, widened to Float32.
    package subscript(index: Int) -> Float {
        switch self {
        case .float32(let buffer): buffer[index]
        case .half(let buffer): buffer[index]
        }
    }
}

/// A packed row-major `rows × columns` weight (`[out, in]` for an `nn.Linear`) in its in-memory
/// precision; `BLAS.project` multiplies activations by its transpose.
package struct WeightMatrix {
    package let storage: WeightStorage
    package let rows: Int
    package let columns: Int

    /// - Precondition: `storage.count == rows · columns`.
    package init(_ storage: WeightStorage, rows: Int, columns: Int) {
        precondition(rows >= 0 && columns >= 0 && storage.count == rows * columns,
            "a \(rows) × \(columns) weight needs \(rows * columns) elements, not \(storage.count)")
        self.storage = storage
        self.rows = rows
        self.columns = columns
    }

    package var format: StorageFormat { storage.format }
    package var byteCount: Int { storage.byteCount }

    /// The Float32 view of a weight stored in Float32, else nil.
    package var float32Matrix: Matrix? {
        guard case .float32(let buffer) = storage else { return nil }
        return Matrix(buffer, rows: rows, columns: columns)
    }

    /// Row `i` of `output` ← row `indices[i]`, widened to Float32 (an embedding lookup), for the
    /// first `output.rows` indices.
    /// - Precondition: `output.columns == columns`, `indices.count >= output.rows`, every index a row.
    package func gatherRows(_ indices: [Int], into output: Matrix) {
        precondition(output.columns == columns && indices.count >= output.rows,
            "gatherRows: \(indices.count) rows of \(columns) into \(output.rows) × \(output.columns)")
        output.storage.withUnsafeMutableBufferPointer { all in
            for row in 0..<output.rows {
                let index = indices[row]
                precondition(index >= 0 && index < rows, "row \(index) outside 0..<\(rows)")
                let destination = all.baseAddress! + output.offset + row * output.rowStride
                switch storage {
                case .float32(let buffer):
                    buffer.withUnsafeBufferPointer { source in
                        destination.update(from: source.baseAddress! + index * columns, count: columns)
                    }
                case .half(let buffer):
                    buffer.widen(elementsFrom: index * columns, count: columns, into: destination)
                }
            }
        }
    }
}
