import CBLAS

/// Single-precision BLAS through OpenBLAS, row-major only.
///
/// The pointer-level routines are `package` plumbing for the model code, called inside
/// `FloatBuffer.with…` closures; `Matrix`/`Vector` callers use the safe overloads in
/// `BLAS+Views.swift`. Every routine checks, before calling into C, that each element it will
/// touch lies inside the buffers it was given, that sizes fit OpenBLAS's 32-bit `blasint`, and
/// that the output does not overlap an input.
///
/// `beta == 0` always means "overwrite": the output is zero-filled first, so NaN or garbage in an
/// uninitialised output never leaks into the result (OpenBLAS versions differ on this).
///
/// OpenBLAS parallelises inside each call on its own threads, at the count of the caller's
/// `ComputeContext.withOpenBLAS` section: with more than one, call these routines from one thread
/// at a time; single-threaded sections may call them from several threads at once (16-bit panels).
package enum BLAS {
    /// `c = alpha · op(a) · op(b) + beta · c`, with op(a) `m × k`, op(b) `k × n` and `c` `m × n`,
    /// all row-major with leading dimensions (row strides) `lda`, `ldb`, `ldc`.
    package static func sgemm(
        transposeA: Transpose, transposeB: Transpose,
        m: Int, n: Int, k: Int,
        alpha: Float,
        a: UnsafeBufferPointer<Float>, lda: Int,
        b: UnsafeBufferPointer<Float>, ldb: Int,
        beta: Float,
        c: UnsafeMutableBufferPointer<Float>, ldc: Int
    ) {
        precondition(m >= 0 && n >= 0 && k >= 0, "sgemm sizes must not be negative (m \(m), n \(n), k \(k))")
        let (aRows, aColumns) = transposeA == .notTransposed ? (m, k) : (k, m)
        let (bRows, bColumns) = transposeB == .notTransposed ? (k, n) : (n, k)
        let aExtent = requiredExtent(
            rows: aRows, columns: aColumns, leadingDimension: lda, available: a.count, name: "A")
        let bExtent = requiredExtent(
            rows: bRows, columns: bColumns, leadingDimension: ldb, available: b.count, name: "B")
        let cExtent = requiredExtent(rows: m, columns: n, leadingDimension: ldc, available: c.count, name: "C")
        precondition(
            !overlaps(c.baseAddress, cExtent, a.baseAddress, aExtent)
                && !overlaps(c.baseAddress, cExtent, b.baseAddress, bExtent),
            "sgemm output C overlaps an input")
        guard m > 0, n > 0 else { return }
        if beta == 0 { zeroRows(c, rows: m, columns: n, leadingDimension: ldc) }
        cblas_sgemm(
            CblasRowMajor, cblasTranspose(transposeA), cblasTranspose(transposeB),
            blasInt(m, "m"), blasInt(n, "n"), blasInt(k, "k"),
            alpha, a.baseAddress, blasInt(lda, "lda"), b.baseAddress, blasInt(ldb, "ldb"),
            beta == 0 ? 1 : beta, c.baseAddress, blasInt(ldc, "ldc"))
    }

    /// `y = alpha · op(a) · x + beta · y`, with `a` stored `m × n` row-major (row stride `lda`),
    /// `x` and `y` contiguous: op(a) = a reads `n` elements of `x` and writes `m` of `y`;
    /// op(a) = aᵀ reads `m` and writes `n`.
    package static func sgemv(
        transpose: Transpose,
        m: Int, n: Int,
        alpha: Float,
        a: UnsafeBufferPointer<Float>, lda: Int,
        x: UnsafeBufferPointer<Float>,
        beta: Float,
        y: UnsafeMutableBufferPointer<Float>
    ) {
        precondition(m >= 0 && n >= 0, "sgemv sizes must not be negative (m \(m), n \(n))")
        let (xCount, yCount) = transpose == .notTransposed ? (n, m) : (m, n)
        let aExtent = requiredExtent(rows: m, columns: n, leadingDimension: lda, available: a.count, name: "A")
        precondition(x.count >= xCount, "sgemv reads \(xCount) elements of x but it has \(x.count)")
        precondition(y.count >= yCount, "sgemv writes \(yCount) elements of y but it has \(y.count)")
        precondition(
            !overlaps(y.baseAddress, yCount, a.baseAddress, aExtent)
                && !overlaps(y.baseAddress, yCount, x.baseAddress, xCount),
            "sgemv output y overlaps an input")
        guard yCount > 0 else { return }
        if beta == 0 { zeroRows(y, rows: 1, columns: yCount, leadingDimension: yCount) }
        guard xCount > 0 else {
            // Reference BLAS returns early here without applying beta; keep y = beta · y.
            if beta != 0 && beta != 1 { for index in 0..<yCount { y[index] *= beta } }
            return
        }
        cblas_sgemv(
            CblasRowMajor, cblasTranspose(transpose),
            blasInt(m, "m"), blasInt(n, "n"),
            alpha, a.baseAddress, blasInt(lda, "lda"), x.baseAddress, 1,
            beta == 0 ? 1 : beta, y.baseAddress, 1)
    }
}

// MARK: - Checks and conversions

extension BLAS {
    /// Elements spanned by a row-major `rows × columns` matrix with row stride `leadingDimension`,
    /// after checking that the stride is valid for BLAS and that `available` elements suffice.
    static func requiredExtent(rows: Int, columns: Int, leadingDimension: Int, available: Int, name: String) -> Int {
        precondition(
            leadingDimension >= Swift.max(1, columns),
            "leading dimension of \(name) (\(leadingDimension)) is smaller than its \(columns) columns")
        guard rows > 0, columns > 0 else { return 0 }
        let (rowsBefore, overflow1) = (rows - 1).multipliedReportingOverflow(by: leadingDimension)
        let (extent, overflow2) = rowsBefore.addingReportingOverflow(columns)
        precondition(!overflow1 && !overflow2 && extent <= available,
            "\(name) (\(rows) × \(columns), leading dimension \(leadingDimension)) needs \(extent) elements "
                + "but has \(available)")
        return extent
    }

    private static func overlaps(
        _ first: UnsafePointer<Float>?, _ firstCount: Int, _ second: UnsafePointer<Float>?, _ secondCount: Int
    ) -> Bool {
        guard let first, let second, firstCount > 0, secondCount > 0 else { return false }
        return first < second + secondCount && second < first + firstCount
    }

    private static func overlaps(
        _ first: UnsafeMutablePointer<Float>?, _ firstCount: Int, _ second: UnsafePointer<Float>?, _ secondCount: Int
    ) -> Bool {
        overlaps(first.map { UnsafePointer($0) }, firstCount, second, secondCount)
    }

    private static func zeroRows(
        _ output: UnsafeMutableBufferPointer<Float>, rows: Int, columns: Int, leadingDimension: Int
    ) {
        guard let base = output.baseAddress else { return }
        for row in 0..<rows {
            (base + row * leadingDimension).update(repeating: 0, count: columns)
        }
    }

    static func blasInt(_ value: Int, _ name: String) -> Int32 {
        guard let converted = Int32(exactly: value) else {
            preconditionFailure("\(name) = \(value) does not fit OpenBLAS's 32-bit integer")
        }
        return converted
    }

    private static func cblasTranspose(_ transpose: Transpose) -> CBLAS_TRANSPOSE {
        switch transpose {
        case .notTransposed: CblasNoTrans
        case .transposed: CblasTrans
        }
    }
}
