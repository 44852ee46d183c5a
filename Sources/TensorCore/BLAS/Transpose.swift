/// Whether a BLAS routine uses a stored matrix as it is or its transpose.
package enum Transpose: Sendable, Hashable, CaseIterable {
    /// op(X) = X.
    case notTransposed
    /// op(X) = Xᵀ, e.g. an `nn.Linear` weight stored `[out, in]` used as `[in, out]`.
    case transposed
}
