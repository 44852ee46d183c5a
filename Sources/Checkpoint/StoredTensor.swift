import TensorCore

/// Where one tensor's elements lie in a mapped file, validated against that file, before conversion.
///
/// safetensors tensors are always contiguous; PyTorch tensors are views into a storage and carry
/// an element offset and strides (tied weights share one storage).
struct StoredTensor {
    let name: String
    let format: StorageFormat
    let shape: [Int]
    let file: MappedFile
    /// Byte range of the whole storage the tensor views (for safetensors: the tensor itself).
    let storageBytes: Range<Int>
    /// Offset of element [0, 0, …] in the storage, in elements.
    let elementOffset: Int
    /// Strides in elements, one per dimension.
    let strides: [Int]

    var elementCount: Int { shape.reduce(1, *) }

    /// Row-major strides for `shape`.
    static func contiguousStrides(for shape: [Int]) -> [Int] {
        var strides = Array(repeating: 1, count: shape.count)
        var step = 1
        for dimension in shape.indices.reversed() {
            strides[dimension] = step
            step *= Swift.max(shape[dimension], 1)
        }
        return strides
    }

    /// The number of elements of `shape`, or nil when it exceeds 2^40 (no real tensor is that large,
    /// and the bound keeps every later byte computation far from overflow).
    static func elementCount(of shape: [Int]) -> Int? {
        var count = 1
        for size in shape {
            guard size >= 0 else { return nil }
            let (product, overflow) = count.multipliedReportingOverflow(by: size)
            guard !overflow, product <= 1 << 40 else { return nil }
            count = product
        }
        return count
    }

    /// Checks that every element the view reaches lies inside its storage; called by each format
    /// reader with the numbers it read from the file.
    static func validateView(
        name: String, file: String, shape: [Int], strides: [Int], elementOffset: Int, storageElementCount: Int
    ) throws(CheckpointError) {
        guard shape.count == strides.count else {
            throw .invalidTensorData(file: file, tensor: name, reason: "shape \(shape) and strides \(strides) differ in rank")
        }
        guard shape.allSatisfy({ $0 >= 0 }), strides.allSatisfy({ $0 >= 0 }), elementOffset >= 0 else {
            throw .invalidTensorData(file: file, tensor: name, reason: "negative size, stride or offset")
        }
        guard elementOffset <= 1 << 40, shape.count <= 64 else {
            throw .invalidTensorData(file: file, tensor: name, reason: "offset \(elementOffset) or rank \(shape.count) is too large")
        }
        guard let count = elementCount(of: shape) else {
            throw .invalidTensorData(file: file, tensor: name, reason: "shape \(shape) is too large")
        }
        guard count > 0 else { return }
        var lastElement = elementOffset
        for (size, stride) in zip(shape, strides) {
            let (reach, overflow) = (size - 1).multipliedReportingOverflow(by: stride)
            guard !overflow, reach <= 1 << 40 else {
                throw .invalidTensorData(file: file, tensor: name, reason: "strides \(strides) are too large")
            }
            lastElement += reach
        }
        guard lastElement < storageElementCount else {
            throw .invalidTensorData(
                file: file, tensor: name,
                reason: "view (offset \(elementOffset), shape \(shape), strides \(strides)) reaches element "
                    + "\(lastElement) of a storage of \(storageElementCount)")
        }
    }

    /// The elements in row-major order, kept in `inMemory` (the stored 16-bit format, or Float32).
    func load(as inMemory: StorageFormat) -> WeightStorage {
        guard inMemory != .float32 else { return .float32(convert()) }
        precondition(inMemory == format, "a \(format) tensor can be kept as \(format) or float32, not \(inMemory)")
        let width = format.byteWidth
        if strides == Self.contiguousStrides(for: shape) {
            let start = storageBytes.lowerBound + elementOffset * width
            return .half(file.withBytes(in: start..<(start + elementCount * width)) { bytes in
                HalfBuffer(copying: bytes, format: format)
            })
        }
        // A strided view: gather the 16-bit elements in row-major order, then copy them.
        var gathered = [UInt8]()
        gathered.reserveCapacity(elementCount * width)
        file.withBytes(in: storageBytes) { storage in
            forEachElement { element in
                gathered.append(storage[element * width])
                gathered.append(storage[element * width + 1])
            }
        }
        return .half(gathered.withUnsafeBytes { HalfBuffer(copying: $0, format: format) })
    }

    /// Calls `body` with the storage element index of every element of the view, in row-major order.
    private func forEachElement(_ body: (Int) -> Void) {
        var index = Array(repeating: 0, count: shape.count)
        for _ in 0..<elementCount {
            var element = elementOffset
            for dimension in shape.indices { element += index[dimension] * strides[dimension] }
            body(element)
            var dimension = shape.count - 1
            while dimension >= 0 {
                index[dimension] += 1
                if index[dimension] < shape[dimension] { break }
                index[dimension] = 0
                dimension -= 1
            }
        }
    }

    /// The elements widened to Float32, in row-major order.
    func convert() -> FloatBuffer {
        let width = format.byteWidth
        let contiguous = strides == Self.contiguousStrides(for: shape)
        if contiguous {
            let start = storageBytes.lowerBound + elementOffset * width
            return file.withBytes(in: start..<(start + elementCount * width)) { bytes in
                FloatBuffer(converting: bytes, from: format)
            }
        }
        // A strided view (rare: torch.save of a transposed or sliced tensor): gather element by element.
        let result = FloatBuffer(count: elementCount)
        file.withBytes(in: storageBytes) { storage in
            var position = 0
            forEachElement { element in
                let source = UnsafeRawBufferPointer(rebasing: storage[(element * width)..<((element + 1) * width)])
                result.store(converting: source, from: format, startingAt: position)
                position += 1
            }
        }
        return result
    }
}
