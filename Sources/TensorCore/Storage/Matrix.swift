/// A row-major `rows × columns` window onto a `FloatBuffer`: element (r, c) lives at
/// `storage[offset + r · rowStride + c]`.
///
/// A view, not an owner: it keeps its buffer alive, and writes through it (subscript, BLAS output)
/// change that buffer. The initializer checks that the whole window lies inside the buffer.
package struct Matrix {
    package let storage: FloatBuffer
    package let offset: Int
    package let rows: Int
    package let columns: Int
    /// Elements from the start of one row to the start of the next (BLAS "leading dimension").
    package let rowStride: Int

    /// A view of `rows × columns` elements of `storage` starting at `offset`, rows `rowStride`
    /// apart (default: packed, `rowStride == columns`).
    package init(_ storage: FloatBuffer, offset: Int = 0, rows: Int, columns: Int, rowStride: Int? = nil) {
        let rowStride = rowStride ?? Swift.max(columns, 1)
        precondition(rows >= 0 && columns >= 0, "Matrix shape must not be negative (\(rows) × \(columns))")
        precondition(
            offset >= 0 && offset <= storage.count, "Matrix offset \(offset) outside a buffer of \(storage.count)")
        // Traps unless the whole window lies inside the buffer.
        _ = BLAS.requiredExtent(
            rows: rows, columns: columns, leadingDimension: rowStride,
            available: storage.count - offset, name: "Matrix")
        self.storage = storage
        self.offset = offset
        self.rows = rows
        self.columns = columns
        self.rowStride = rowStride
    }

    /// A new zero-filled, packed `rows × columns` matrix.
    package init(rows: Int, columns: Int) {
        precondition(rows >= 0 && columns >= 0, "Matrix shape must not be negative (\(rows) × \(columns))")
        let (count, overflow) = rows.multipliedReportingOverflow(by: columns)
        precondition(!overflow, "Matrix \(rows) × \(columns) overflows")
        self.init(FloatBuffer(count: count), rows: rows, columns: columns)
    }

    /// Element count from the first to the last element of the window (0 when empty).
    var extent: Int {
        rows == 0 || columns == 0 ? 0 : (rows - 1) * rowStride + columns
    }

    /// The element at (`row`, `column`); traps outside the window.
    package subscript(row: Int, column: Int) -> Float {
        get {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns,
                "Matrix index (\(row), \(column)) outside \(rows) × \(columns)")
            return storage[offset + row * rowStride + column]
        }
        nonmutating set {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns,
                "Matrix index (\(row), \(column)) outside \(rows) × \(columns)")
            storage[offset + row * rowStride + column] = newValue
        }
    }
}
