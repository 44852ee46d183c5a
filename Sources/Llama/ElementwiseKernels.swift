import Glibc
import TensorCore

/// The non-BLAS arithmetic of the forward pass, written as transformers computes it in float32.
///
/// These are the only functions in the module that touch raw element pointers; every pointer
/// stays inside the `FloatBuffer.with…` closure that produced it. Input and output views may be
/// the same memory where a kernel says so (it reads each element before writing it).
enum ElementwiseKernels {
    /// `output[r] = weight ⊙ (x[r] · 1/sqrt(mean(x[r]²) + ε))` (LlamaRMSNorm: the weight multiplies
    /// after normalising). `output` may be `input`.
    static func rmsNorm(_ input: Matrix, weight: Vector, epsilon: Float, into output: Matrix) {
        precondition(input.rows == output.rows && input.columns == output.columns && weight.count == input.columns,
            "rmsNorm shapes: input \(input.rows)×\(input.columns), weight \(weight.count), output \(output.rows)×\(output.columns)")
        let columns = input.columns
        input.storage.withUnsafeBufferPointer { inputAll in
            weight.storage.withUnsafeBufferPointer { weightAll in
                output.storage.withUnsafeMutableBufferPointer { outputAll in
                    let weights = weightAll.baseAddress! + weight.offset
                    for row in 0..<input.rows {
                        let x = inputAll.baseAddress! + input.offset + row * input.rowStride
                        let y = outputAll.baseAddress! + output.offset + row * output.rowStride
                        var sumOfSquares: Float = 0
                        for column in 0..<columns { sumOfSquares += x[column] * x[column] }
                        let scale = 1 / sqrtf(sumOfSquares / Float(columns) + epsilon)
                        for column in 0..<columns { y[column] = weights[column] * (x[column] * scale) }
                    }
                }
            }
        }
    }

    /// Row `r` of `cosines` and `sines` ← cos and sin of `positions[r] · inv_freq[i]` for `i < d/2`,
    /// in Float32 as transformers computes `freqs = position · inv_freq` (the second half of its
    /// `cat(freqs, freqs)` repeats the first, so only half is stored).
    static func rotaryAngles(positions: [Int], inverseFrequencies: [Float], cosines: Matrix, sines: Matrix) {
        let half = inverseFrequencies.count
        precondition(cosines.columns == half && sines.columns == half && cosines.rows == sines.rows
            && positions.count >= cosines.rows, "rotaryAngles shapes disagree")
        cosines.storage.withUnsafeMutableBufferPointer { cosinesAll in
            sines.storage.withUnsafeMutableBufferPointer { sinesAll in
                inverseFrequencies.withUnsafeBufferPointer { frequencies in
                    for row in 0..<cosines.rows {
                        let cos = cosinesAll.baseAddress! + cosines.offset + row * cosines.rowStride
                        let sin = sinesAll.baseAddress! + sines.offset + row * sines.rowStride
                        let position = Float(positions[row])
                        for index in 0..<half {
                            let angle = position * frequencies[index]
                            cos[index] = cosf(angle)
                            sin[index] = sinf(angle)
                        }
                    }
                }
            }
        }
    }

    /// Rotates every head of every row in place: for `j < d/2`,
    /// `(x[j], x[j+d/2]) ← (x[j]·cos − x[j+d/2]·sin, x[j+d/2]·cos + x[j]·sin)`, the expansion of
    /// transformers' `x·cos + rotate_half(x)·sin`. Row `r` uses row `r` of `cosines` and `sines`.
    static func rotate(_ heads: Matrix, headDimension: Int, cosines: Matrix, sines: Matrix) {
        let half = headDimension / 2
        precondition(heads.columns % headDimension == 0 && cosines.columns == half && sines.columns == half
            && cosines.rows >= heads.rows && sines.rows >= heads.rows, "rotate shapes disagree")
        let headCount = heads.columns / headDimension
        heads.storage.withUnsafeMutableBufferPointer { headsAll in
            cosines.storage.withUnsafeBufferPointer { cosinesAll in
                sines.storage.withUnsafeBufferPointer { sinesAll in
                    for row in 0..<heads.rows {
                        let cos = cosinesAll.baseAddress! + cosines.offset + row * cosines.rowStride
                        let sin = sinesAll.baseAddress! + sines.offset + row * sines.rowStride
                        for head in 0..<headCount {
                            let x = headsAll.baseAddress! + heads.offset + row * heads.rowStride + head * headDimension
                            for index in 0..<half {
                                let first = x[index]
                                let second = x[index &+ half]
                                x[index] = first * cos[index] - second * sin[index]
                                x[index &+ half] = second * cos[index] + first * sin[index]
                            }
                        }
                    }
                }
            }
        }
    }

    /// `gate ← SiLU(gate) ⊙ up` with `SiLU(x) = x / (1 + exp(−x))`, as torch's silu kernel.
    static func siluMultiply(_ gate: Matrix, by up: Matrix) {
        precondition(gate.rows == up.rows && gate.columns == up.columns, "siluMultiply shapes disagree")
        gate.storage.withUnsafeMutableBufferPointer { gateAll in
            up.storage.withUnsafeBufferPointer { upAll in
                for row in 0..<gate.rows {
                    let g = gateAll.baseAddress! + gate.offset + row * gate.rowStride
                    let u = upAll.baseAddress! + up.offset + row * up.rowStride
                    for column in 0..<gate.columns {
                        let x = g[column]
                        g[column] = x / (1 + expf(-x)) * u[column]
                    }
                }
            }
        }
    }

    /// `accumulator ← accumulator + addend` (the residual connections).
    static func add(_ addend: Matrix, into accumulator: Matrix) {
        precondition(addend.rows == accumulator.rows && addend.columns == accumulator.columns, "add shapes disagree")
        accumulator.storage.withUnsafeMutableBufferPointer { accumulatorAll in
            addend.storage.withUnsafeBufferPointer { addendAll in
                for row in 0..<addend.rows {
                    let a = accumulatorAll.baseAddress! + accumulator.offset + row * accumulator.rowStride
                    let b = addendAll.baseAddress! + addend.offset + row * addend.rowStride
                    for column in 0..<addend.columns { a[column] = a[column] + b[column] }
                }
            }
        }
    }

    /// `accumulator ← accumulator + (addend · scale)`, each product rounded to Float32 before the
    /// sum, as PEFT's `result + lora_B(lora_A(x)) * scaling` computes it.
    static func addScaled(_ addend: Matrix, scale: Float, into accumulator: Matrix) {
        precondition(addend.rows == accumulator.rows && addend.columns == accumulator.columns, "addScaled shapes disagree")
        accumulator.storage.withUnsafeMutableBufferPointer { accumulatorAll in
            addend.storage.withUnsafeBufferPointer { addendAll in
                for row in 0..<addend.rows {
                    let a = accumulatorAll.baseAddress! + accumulator.offset + row * accumulator.rowStride
                    let b = addendAll.baseAddress! + addend.offset + row * addend.rowStride
                    for column in 0..<addend.columns {
                        let scaled = b[column] * scale
                        a[column] = a[column] + scaled
                    }
                }
            }
        }
    }

    /// Copies row `indices[i]` of `source` to row `i` of `destination`, for `i < destination.rows`.
    static func gatherRows(_ source: Matrix, indices: [Int], into destination: Matrix) {
        precondition(source.columns == destination.columns && indices.count >= destination.rows,
            "gatherRows shapes disagree")
        source.storage.withUnsafeBufferPointer { sourceAll in
            destination.storage.withUnsafeMutableBufferPointer { destinationAll in
                for row in 0..<destination.rows {
                    let index = indices[row]
                    precondition(index >= 0 && index < source.rows, "row \(index) outside 0..<\(source.rows)")
                    (destinationAll.baseAddress! + destination.offset + row * destination.rowStride).update(
                        from: sourceAll.baseAddress! + source.offset + index * source.rowStride,
                        count: source.columns)
                }
            }
        }
    }

    /// Copies `source` (a row) to `destination` (a row of the same width).
    static func copy(_ source: Vector, into destination: Vector) {
        precondition(source.count == destination.count, "copy: \(source.count) vs \(destination.count) elements")
        source.storage.withUnsafeBufferPointer { sourceAll in
            destination.storage.withUnsafeMutableBufferPointer { destinationAll in
                (destinationAll.baseAddress! + destination.offset).update(
                    from: sourceAll.baseAddress! + source.offset, count: source.count)
            }
        }
    }

    /// In place: `p = softmax(scale · s)` over the `scores.count` elements, in float32 as
    /// `torch.softmax(scores * scaling, dtype=float32)`: subtract the maximum, exponentiate,
    /// multiply by the reciprocal of the sum.
    static func scaledSoftmax(_ scores: Vector, scale: Float) {
        guard scores.count > 0 else { return }
        scores.storage.withUnsafeMutableBufferPointer { all in
            let s = all.baseAddress! + scores.offset
            var maximum = -Float.infinity
            for index in 0..<scores.count {
                let scaled = s[index] * scale
                s[index] = scaled
                if scaled > maximum { maximum = scaled }
            }
            var sum: Float = 0
            for index in 0..<scores.count {
                let e = expf(s[index] - maximum)
                s[index] = e
                sum += e
            }
            let reciprocal = 1 / sum
            for index in 0..<scores.count { s[index] *= reciprocal }
        }
    }

    /// The index of the largest element of `values`; ties go to the lowest index (as `torch.argmax`).
    static func argmax(_ values: Vector) -> Int {
        precondition(values.count > 0, "argmax of nothing")
        return values.storage.withUnsafeBufferPointer { all in
            let v = all.baseAddress! + values.offset
            var best = 0
            var bestValue = v[0]
            for index in 1..<values.count where v[index] > bestValue {
                best = index
                bestValue = v[index]
            }
            return best
        }
    }
}
