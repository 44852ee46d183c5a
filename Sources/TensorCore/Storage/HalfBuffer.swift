import CHalfKernels

/// An owning, 64-byte-aligned allocation of `count` 16-bit floating-point values (IEEE binary16
/// or bfloat16, as `format` says), kept in the precision a checkpoint stores them in.
///
/// Like `FloatBuffer`, the one place that allocates and frees its element memory; the kernels
/// reach the elements only inside the `withUnsafeBufferPointer` closure. The elements are written
/// once, when the buffer is made, and never again, so the buffer is `Sendable`.
package final class HalfBuffer: @unchecked Sendable {
    // @unchecked Sendable: `elements` is filled in `init` and only read afterwards.

    /// `.float16` or `.bfloat16`.
    package let format: StorageFormat
    /// Number of 16-bit elements.
    package let count: Int

    private let elements: UnsafeMutablePointer<UInt16>

    /// A buffer holding a copy of `source`: little-endian 16-bit values in `format`, at any byte
    /// offset (a tensor inside a memory-mapped file).
    /// - Precondition: `format` is 16-bit and `source.count` is even.
    package init(copying source: UnsafeRawBufferPointer, format: StorageFormat) {
        precondition(format.byteWidth == 2, "HalfBuffer holds 16-bit formats, not \(format)")
        precondition(source.count % 2 == 0, "\(source.count) bytes is not a whole number of 16-bit elements")
        self.format = format
        count = source.count / 2
        let raw = UnsafeMutableRawPointer.allocate(byteCount: Swift.max(source.count, 1), alignment: 64)
        if let base = source.baseAddress, source.count > 0 { raw.copyMemory(from: base, byteCount: source.count) }
        elements = raw.bindMemory(to: UInt16.self, capacity: count)
    }

    deinit {
        UnsafeMutableRawPointer(elements).deallocate()
    }

    /// Bytes the elements occupy in memory.
    package var byteCount: Int { count * 2 }

    /// The element at `index`, widened exactly to Float32; traps outside `0..<count`.
    package subscript(index: Int) -> Float {
        precondition(index >= 0 && index < count, "HalfBuffer index \(index) out of range 0..<\(count)")
        var value: Float = 0
        withUnsafePointer(to: elements[index]) { bits in
            withUnsafeMutablePointer(to: &value) { out in
                reckon_half_widen(Int32(RECKON_HALF_PORTABLE), format.kernelCode, bits, out, 1)
            }
        }
        return value
    }

    /// A new Float32 buffer with every element widened exactly.
    package func widened() -> FloatBuffer {
        widened(level: HalfKernels.level)
    }

    /// `widened()` through the kernels of `level` (tests compare the vector and portable paths).
    package func widened(level: Int32) -> FloatBuffer {
        let result = FloatBuffer(allocatingCount: count)
        result.withUnsafeMutableBufferPointer { destination in
            widen(elementsFrom: 0, count: count, into: destination.baseAddress!, level: level)
        }
        return result
    }

    /// Index of the first infinity or NaN, or nil when every element is finite.
    package func firstNonFiniteIndex() -> Int? {
        let index = reckon_half_first_nonfinite(format.kernelCode, elements, count)
        return index == count ? nil : index
    }

    /// Writes elements `start ..< start + count` widened to Float32 to `destination`.
    package func widen(
        elementsFrom start: Int, count: Int, into destination: UnsafeMutablePointer<Float>,
        level: Int32 = HalfKernels.level
    ) {
        precondition(start >= 0 && count >= 0 && start <= self.count - count,
            "widening \(count) elements from \(start) overruns a HalfBuffer of \(self.count)")
        reckon_half_widen(level, format.kernelCode, elements + start, destination, count)
    }

    /// Calls `body` with a read-only view of all elements (raw bits). The pointer must not escape `body`.
    package func withUnsafeBufferPointer<Result, Failure: Error>(
        _ body: (UnsafeBufferPointer<UInt16>) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        try body(UnsafeBufferPointer(start: elements, count: count))
    }
}

extension StorageFormat {
    /// The encoding constant of the C kernels.
    var kernelCode: Int32 {
        self == .bfloat16 ? Int32(RECKON_HALF_BFLOAT16) : Int32(RECKON_HALF_FLOAT16)
    }
}
