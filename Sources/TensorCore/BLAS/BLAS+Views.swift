extension BLAS {
    /// `c = alpha · op(a) · op(b) + beta · c` on matrix views.
    ///
    /// For an `nn.Linear` weight `w` stored `[out, in]` and activations `x` of `[batch, in]`,
    /// `gemm(x, w, transposeB: .transposed, into: y)` computes `y[batch, out] = x · wᵀ`.
    /// - Precondition: op(a) is `m × k`, op(b) is `k × n` and `c` is `m × n`; `c` does not
    ///   overlap `a` or `b`.
    package static func gemm(
        _ a: Matrix, transposeA: Transpose = .notTransposed,
        _ b: Matrix, transposeB: Transpose = .notTransposed,
        into c: Matrix, alpha: Float = 1, beta: Float = 0
    ) {
        let (m, k) = transposeA == .notTransposed ? (a.rows, a.columns) : (a.columns, a.rows)
        let (bk, n) = transposeB == .notTransposed ? (b.rows, b.columns) : (b.columns, b.rows)
        precondition(bk == k, "gemm inner dimensions differ: op(a) is \(m) × \(k), op(b) is \(bk) × \(n)")
        precondition(c.rows == m && c.columns == n, "gemm output is \(c.rows) × \(c.columns), expected \(m) × \(n)")
        a.storage.withUnsafeBufferPointer { aAll in
            b.storage.withUnsafeBufferPointer { bAll in
                c.storage.withUnsafeMutableBufferPointer { cAll in
                    sgemm(
                        transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                        a: window(aAll, offset: a.offset, count: a.extent), lda: a.rowStride,
                        b: window(bAll, offset: b.offset, count: b.extent), ldb: b.rowStride,
                        beta: beta,
                        c: window(cAll, offset: c.offset, count: c.extent), ldc: c.rowStride)
                }
            }
        }
    }

    /// `y = alpha · op(a) · x + beta · y` on views.
    /// - Precondition: `x.count` is the column count of op(a) and `y.count` its row count;
    ///   `y` does not overlap `a` or `x`.
    package static func gemv(
        _ a: Matrix, transpose: Transpose = .notTransposed, _ x: Vector,
        into y: Vector, alpha: Float = 1, beta: Float = 0
    ) {
        let (outputs, inputs) = transpose == .notTransposed ? (a.rows, a.columns) : (a.columns, a.rows)
        precondition(x.count == inputs, "gemv: op(a) has \(inputs) columns but x has \(x.count) elements")
        precondition(y.count == outputs, "gemv: op(a) has \(outputs) rows but y has \(y.count) elements")
        a.storage.withUnsafeBufferPointer { aAll in
            x.storage.withUnsafeBufferPointer { xAll in
                y.storage.withUnsafeMutableBufferPointer { yAll in
                    sgemv(
                        transpose: transpose, m: a.rows, n: a.columns, alpha: alpha,
                        a: window(aAll, offset: a.offset, count: a.extent), lda: a.rowStride,
                        x: window(xAll, offset: x.offset, count: x.count),
                        beta: beta,
                        y: window(yAll, offset: y.offset, count: y.count))
                }
            }
        }
    }

    private static func window(
        _ all: UnsafeBufferPointer<Float>, offset: Int, count: Int
    ) -> UnsafeBufferPointer<Float> {
        UnsafeBufferPointer(rebasing: all[offset..<(offset + count)])
    }

    private static func window(
        _ all: UnsafeMutableBufferPointer<Float>, offset: Int, count: Int
    ) -> UnsafeMutableBufferPointer<Float> {
        UnsafeMutableBufferPointer(rebasing: all[offset..<(offset + count)])
    }
}
