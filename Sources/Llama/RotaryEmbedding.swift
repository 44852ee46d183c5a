import Glibc

/// Rotary position embeddings in transformers' "rotate half" layout: within each head, element
/// `j < d/2` is paired with `j + d/2` (not `2j` with `2j + 1`), as HF-converted weights expect.
struct RotaryEmbedding {
    let headDimension: Int
    /// `inv_freq[i] = 1 / theta^(2i/d)` for `i < d/2`, computed in Float32 exactly as
    /// `1.0 / (base ** (torch.arange(0, dim, 2, dtype=torch.float) / dim))` does.
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

    /// Writes `cos` and `sin` of `position · inv_freq[i]` for `i < d/2` (the second half of
    /// transformers' `cat(freqs, freqs)` repeats the first).
    func angles(
        position: Int, cosines: UnsafeMutablePointer<Float>, sines: UnsafeMutablePointer<Float>
    ) {
        let position = Float(position)
        for index in 0..<(headDimension / 2) {
            let angle = position * inverseFrequencies[index]
            cosines[index] = cosf(angle)
            sines[index] = sinf(angle)
        }
    }
}
