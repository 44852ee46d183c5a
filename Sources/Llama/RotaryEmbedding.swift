import Glibc

/// Rotary position embeddings in transformers' "rotate half" layout: within each head, element
/// `j < d/2` is paired with `j + d/2` (not `2j` with `2j + 1`), as HF-converted weights expect.
struct RotaryEmbedding {
    let headDimension: Int
    /// `inv_freq[i] = 1 / theta^(2i/d)` for `i < d/2`, in Float32 as
    /// `1.0 / (base ** (torch.arange(0, dim, 2, dtype=torch.float) / dim))`: exponent, power and
    /// reciprocal each rounded to Float32. glibc's `powf` is correctly rounded while torch's
    /// vectorised pow is within 1 ulp, so a frequency can differ by 1 ulp (one of open_llama_3b's 50).
    let inverseFrequencies: [Float]

    init(headDimension: Int, theta: Double) {
        precondition(headDimension % 2 == 0, "rotary embeddings need an even head dimension")
        self.headDimension = headDimension
        let base = Float(theta)
        inverseFrequencies = (0..<(headDimension / 2)).map { index in
            let exponent = Float(2 * index) / Float(headDimension)
            return 1 / powf(base, exponent)
        }
    }
}
