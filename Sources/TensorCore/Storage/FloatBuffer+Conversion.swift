extension FloatBuffer {
    /// Allocates a buffer holding the values encoded in `source`, one element per
    /// `format.byteWidth` bytes.
    ///
    /// `source` may start at any byte offset (a tensor inside a memory-mapped file); the bytes
    /// are little-endian. fp16 and bf16 widen exactly, including subnormals, infinities and NaNs.
    /// - Precondition: `source.count` is a multiple of `format.byteWidth`. Callers that read
    ///   file-controlled sizes validate them before converting.
    package convenience init(converting source: UnsafeRawBufferPointer, from format: StorageFormat) {
        precondition(
            source.count % format.byteWidth == 0,
            "\(source.count) bytes is not a whole number of \(format) elements (\(format.byteWidth) bytes each)")
        self.init(allocatingCount: source.count / format.byteWidth)
        store(converting: source, from: format, startingAt: 0)
    }

    /// Overwrites `source.count / format.byteWidth` elements, starting at element `offset`, with
    /// the values encoded in `source` (same rules as `init(converting:from:)`).
    package func store(converting source: UnsafeRawBufferPointer, from format: StorageFormat, startingAt offset: Int) {
        precondition(
            source.count % format.byteWidth == 0,
            "\(source.count) bytes is not a whole number of \(format) elements (\(format.byteWidth) bytes each)")
        let elementCount = source.count / format.byteWidth
        precondition(
            offset >= 0 && offset <= count && elementCount <= count - offset,
            "storing \(elementCount) elements at offset \(offset) overruns a FloatBuffer of \(count)")
        guard elementCount > 0, let sourceBytes = source.baseAddress else { return }
        withUnsafeMutableBufferPointer { all in
            let destination = all.baseAddress! + offset
            switch format {
            case .float32:
                // Bytes are copied as they are: on a little-endian host they already are Float32s.
                UnsafeMutableRawPointer(destination).copyMemory(from: sourceBytes, byteCount: source.count)
            case .float16:
                for index in 0..<elementCount {
                    let half = sourceBytes.loadUnaligned(fromByteOffset: index &* 2, as: UInt16.self)
                    destination[index] = Float(bitPattern: float32Bits(fromFloat16Bits: UInt16(littleEndian: half)))
                }
            case .bfloat16:
                for index in 0..<elementCount {
                    let half = sourceBytes.loadUnaligned(fromByteOffset: index &* 2, as: UInt16.self)
                    destination[index] = Float(bitPattern: float32Bits(fromBFloat16Bits: UInt16(littleEndian: half)))
                }
            }
        }
    }
}
