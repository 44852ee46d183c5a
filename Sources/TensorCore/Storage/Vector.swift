/// A contiguous window of `count` elements of a `FloatBuffer`, starting at `offset`.
///
/// A view, not an owner: writes through it change the buffer.
package struct Vector {
    package let storage: FloatBuffer
    package let offset: Int
    package let count: Int

    /// A view of `count` elements of `storage` from `offset` (default: to the end of the buffer).
    package init(_ storage: FloatBuffer, offset: Int = 0, count: Int? = nil) {
        precondition(
            offset >= 0 && offset <= storage.count, "Vector offset \(offset) outside a buffer of \(storage.count)")
        let count = count ?? storage.count - offset
        precondition(count >= 0 && count <= storage.count - offset,
            "Vector of \(count) at offset \(offset) overruns a buffer of \(storage.count)")
        self.storage = storage
        self.offset = offset
        self.count = count
    }

    /// The element at `index`; traps outside `0..<count`.
    package subscript(index: Int) -> Float {
        get {
            precondition(index >= 0 && index < count, "Vector index \(index) outside 0..<\(count)")
            return storage[offset + index]
        }
        nonmutating set {
            precondition(index >= 0 && index < count, "Vector index \(index) outside 0..<\(count)")
            storage[offset + index] = newValue
        }
    }
}
