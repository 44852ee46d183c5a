import Glibc

/// An owning, 64-byte-aligned allocation of `count` Float32 values.
///
/// This is the one place in TensorCore that allocates and frees element memory; everything else
/// reaches the elements through the `with…` closures (pointers never escape them) or through the
/// bounds-checked subscript.
///
/// The alignment is a cache line, so rows handed to OpenBLAS start on a cache-line boundary
/// when the row length is a multiple of 16.
///
/// Not `Sendable`: elements can be written through the subscript and
/// `withUnsafeMutableBufferPointer`, and nothing synchronises those writes. A container that fills
/// its buffers once and never writes to them again (loaded weights) may declare *itself*
/// `@unchecked Sendable`, stating that invariant where it does so.
package final class FloatBuffer {
    /// Byte alignment of every allocation.
    package static let alignment = 64

    /// Number of Float32 elements.
    package let count: Int

    private let elements: UnsafeMutablePointer<Float>

    /// Allocates `count` elements, all `+0.0`.
    package convenience init(count: Int) {
        self.init(allocatingCount: count)
        elements.initialize(repeating: 0, count: count)
    }

    /// Allocates `count` elements without writing them: only for initializers that overwrite
    /// every element before returning (a conversion would otherwise pay for a zero-fill pass).
    init(allocatingCount count: Int) {
        precondition(count >= 0, "FloatBuffer count must not be negative (got \(count))")
        let (byteCount, overflow) = count.multipliedReportingOverflow(by: MemoryLayout<Float>.stride)
        precondition(!overflow, "FloatBuffer of \(count) elements overflows the address space")
        // At least one byte so that the allocation is always a real, distinct block.
        let raw = UnsafeMutableRawPointer.allocate(
            byteCount: Swift.max(byteCount, 1), alignment: Self.alignment)
        adviseHugePages(raw, byteCount: byteCount)
        // Float is a trivial type: binding is all that "initialising" it requires.
        elements = raw.bindMemory(to: Float.self, capacity: count)
        self.count = count
    }

    /// Allocates `count` elements, all equal to `value`.
    package convenience init(repeating value: Float, count: Int) {
        self.init(allocatingCount: count)
        elements.initialize(repeating: value, count: count)
    }

    /// Allocates a buffer holding a copy of `values`.
    package convenience init(_ values: some Collection<Float>) {
        self.init(allocatingCount: values.count)
        var index = 0
        for value in values {
            precondition(index < count, "collection yielded more elements than its count")
            elements[index] = value
            index += 1
        }
        precondition(index == count, "collection yielded fewer elements than its count")
    }

    deinit {
        UnsafeMutableRawPointer(elements).deallocate()
    }

    /// A new buffer with the same elements (bit for bit).
    package func copy() -> FloatBuffer {
        let result = FloatBuffer(allocatingCount: count)
        result.elements.initialize(from: elements, count: count)
        return result
    }

    /// Whether both buffers hold the same bit patterns (so two NaNs with equal payloads compare
    /// equal and `+0.0` differs from `-0.0`, unlike `==` on `Float`).
    package func hasSameBitPatterns(as other: FloatBuffer) -> Bool {
        guard count == other.count else { return false }
        for index in 0..<count where elements[index].bitPattern != other.elements[index].bitPattern {
            return false
        }
        return true
    }

    /// Calls `body` with a read-only view of all elements. The pointer must not escape `body`.
    package func withUnsafeBufferPointer<Result, Failure: Error>(
        _ body: (UnsafeBufferPointer<Float>) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        try body(UnsafeBufferPointer(start: elements, count: count))
    }

    /// Calls `body` with a writable view of all elements. The pointer must not escape `body`.
    package func withUnsafeMutableBufferPointer<Result, Failure: Error>(
        _ body: (UnsafeMutableBufferPointer<Float>) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        try body(UnsafeMutableBufferPointer(start: elements, count: count))
    }
}

extension FloatBuffer: RandomAccessCollection {
    package var startIndex: Int { 0 }
    package var endIndex: Int { count }

    /// The element at `index`; traps if `index` is outside `0..<count`.
    package subscript(index: Int) -> Float {
        get {
            precondition(index >= 0 && index < count, "FloatBuffer index \(index) out of range 0..<\(count)")
            return elements[index]
        }
        set {
            precondition(index >= 0 && index < count, "FloatBuffer index \(index) out of range 0..<\(count)")
            elements[index] = newValue
        }
    }
}

extension FloatBuffer: CustomStringConvertible {
    package var description: String {
        let shown = prefix(8).map { "\($0)" }.joined(separator: ", ")
        return "FloatBuffer(count: \(count), [\(shown)\(count > 8 ? ", …" : "")])"
    }
}

/// Asks the kernel to back a large allocation with transparent huge pages.
///
/// Converting a checkpoint writes every page of freshly allocated buffers exactly once; with 4 KiB
/// pages the page faults cost more than the conversion itself. Only a hint: where THP is disabled
/// or the range holds no whole 2 MiB page, nothing changes, so the result is ignored.
private func adviseHugePages(_ start: UnsafeMutableRawPointer, byteCount: Int) {
    let hugePage = 2 << 20
    guard byteCount >= 4 * hugePage else { return }
    let first = (Int(bitPattern: start) + hugePage - 1) & ~(hugePage - 1)
    let last = (Int(bitPattern: start) + byteCount) & ~(hugePage - 1)
    guard last > first, let alignedStart = UnsafeMutableRawPointer(bitPattern: first) else { return }
    _ = madvise(alignedStart, last - first, MADV_HUGEPAGE)
}
