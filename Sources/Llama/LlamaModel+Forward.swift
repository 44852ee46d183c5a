import Checkpoint
import Glibc
import TensorCore

extension LlamaModel {
    /// Runs the decoder over the rows of `step`: writes each row's key and value into its slot of
    /// `cache` at its position, and leaves the logits of the rows in `step.logitRows` in the first
    /// `step.logitCount` rows of `scratch.logits`.
    ///
    /// Each row attends to positions `0...position` of its own slot, which earlier passes (or
    /// earlier rows of this one) filled; rows never see each other's sequences, so a row's result
    /// does not depend on what else is in the step.
    ///
    /// Products use the threads of `scratch.context`. With 16-bit weights they run on Reckon's
    /// kernel threads, and OpenBLAS's threads, which spin for a while after each call, would take
    /// the cores from them, so the pass's other BLAS calls run single-threaded.
    func forward(_ step: StepRows, cache: KVCache, scratch: ForwardScratch) {
        scratch.context.withOpenBLAS(singleThreaded: hasHalfWeights) {
            forwardPass(step, cache: cache, scratch: scratch)
        }
    }

    private func forwardPass(_ step: StepRows, cache: KVCache, scratch: ForwardScratch) {
        let m = step.count
        guard m > 0 else { return }
        precondition(m <= scratch.rowCapacity && step.logitCount <= scratch.logitCapacity, "step exceeds the scratch")
        let c = configuration
        let headDimension = c.headDimension
        let queryWidth = c.attentionHeadCount * headDimension
        let kvWidth = c.kvHeadCount * headDimension

        let hidden = scratch.rows(scratch.hidden, m, columns: c.hiddenSize)        // [m, hidden]
        let normed = scratch.rows(scratch.normed, m, columns: c.hiddenSize)        // [m, hidden]
        let projected = scratch.rows(scratch.projected, m, columns: c.hiddenSize)  // [m, hidden]
        let query = scratch.rows(scratch.query, m, columns: queryWidth)            // [m, heads·d]
        let key = scratch.rows(scratch.key, m, columns: kvWidth)                   // [m, kvHeads·d]
        let value = scratch.rows(scratch.value, m, columns: kvWidth)               // [m, kvHeads·d]
        let attention = scratch.rows(scratch.attention, m, columns: queryWidth)    // [m, heads·d]
        let gate = scratch.rows(scratch.gate, m, columns: c.intermediateSize)      // [m, intermediate]
        let up = scratch.rows(scratch.up, m, columns: c.intermediateSize)          // [m, intermediate]
        let cosines = scratch.rows(scratch.cosines, m, columns: headDimension / 2)
        let sines = scratch.rows(scratch.sines, m, columns: headDimension / 2)

        // h = embed[tokens]
        embedding.gatherRows(step.tokens, into: hidden)
        ElementwiseKernels.rotaryAngles(
            positions: step.positions, inverseFrequencies: rotary.inverseFrequencies, cosines: cosines, sines: sines)

        for (layerIndex, layer) in layers.enumerated() {
            // h = h + o_proj(attention(RMSNorm_in(h)))
            ElementwiseKernels.rmsNorm(hidden, weight: layer.inputNorm, epsilon: rmsNormEpsilon, into: normed)
            project(normed, layer.query, into: query, scratch: scratch)
            project(normed, layer.key, into: key, scratch: scratch)
            project(normed, layer.value, into: value, scratch: scratch)
            ElementwiseKernels.rotate(query, headDimension: headDimension, cosines: cosines, sines: sines)
            ElementwiseKernels.rotate(key, headDimension: headDimension, cosines: cosines, sines: sines)
            store(key: key, value: value, of: step, layer: layerIndex, in: cache)
            attend(query, step: step, layer: layerIndex, cache: cache, scores: scratch.scores, into: attention)
            project(attention, layer.attentionOutput, into: projected, scratch: scratch)
            ElementwiseKernels.add(projected, into: hidden)

            // h = h + down(SiLU(gate(x)) ⊙ up(x)), x = RMSNorm_post(h)
            ElementwiseKernels.rmsNorm(hidden, weight: layer.postAttentionNorm, epsilon: rmsNormEpsilon, into: normed)
            project(normed, layer.gate, into: gate, scratch: scratch)
            project(normed, layer.up, into: up, scratch: scratch)
            ElementwiseKernels.siluMultiply(gate, by: up)
            project(gate, layer.down, into: projected, scratch: scratch)
            ElementwiseKernels.add(projected, into: hidden)
        }

        // logits = RMSNorm_final(h) · lm_headᵀ, only for the rows that want them.
        let logitCount = step.logitCount
        guard logitCount > 0 else { return }
        let finalHidden = scratch.rows(scratch.finalHidden, logitCount, columns: c.hiddenSize)
        let logits = scratch.rows(scratch.logits, logitCount, columns: c.vocabularySize)
        ElementwiseKernels.gatherRows(hidden, indices: step.logitRows, into: finalHidden)
        ElementwiseKernels.rmsNorm(finalHidden, weight: finalNorm, epsilon: rmsNormEpsilon, into: finalHidden)
        BLAS.project(finalHidden, outputProjection, into: logits, workspace: scratch.workspace, context: scratch.context)
    }

    /// `output[m, out] = input[m, in] · weightᵀ` for a weight stored `[out, in]` (`BLAS.project`
    /// picks sgemv, sgemm or the 16-bit kernels), plus `scale · (input · Aᵀ) · Bᵀ` when an unmerged
    /// LoRA adapter sits beside the weight, computed in Float32 in PEFT's order: the low-rank
    /// product, then its scaling, then the sum.
    private func project(_ input: Matrix, _ projection: Projection, into output: Matrix, scratch: ForwardScratch) {
        BLAS.project(input, projection.weight, into: output, workspace: scratch.workspace, context: scratch.context)
        guard let adapter = projection.adapter else { return }
        let lowRank = Matrix(scratch.adapterLowRank, rows: input.rows, columns: adapter.rank)
        let adapterOutput = Matrix(scratch.adapterOutput, rows: input.rows, columns: output.columns)
        BLAS.gemm(input, adapter.a, transposeB: .transposed, into: lowRank)          // x · Aᵀ  [m, r]
        BLAS.gemm(lowRank, adapter.b, transposeB: .transposed, into: adapterOutput)  // (x · Aᵀ) · Bᵀ  [m, out]
        ElementwiseKernels.addScaled(adapterOutput, scale: adapter.scale, into: output)
    }

    /// Copies each row's (rotated) key and its value into its slot and position of the cache.
    private func store(key: Matrix, value: Matrix, of step: StepRows, layer: Int, in cache: KVCache) {
        for row in 0..<step.count {
            let offset = cache.offset(layer: layer, slot: step.slots[row], position: step.positions[row])
            ElementwiseKernels.copy(
                Vector(key.storage, offset: key.offset + row * key.rowStride, count: key.columns),
                into: Vector(cache.keys, offset: offset, count: cache.rowWidth))
            ElementwiseKernels.copy(
                Vector(value.storage, offset: value.offset + row * value.rowStride, count: value.columns),
                into: Vector(cache.values, offset: offset, count: cache.rowWidth))
        }
    }

    /// Causal attention of each row over its own slot, positions `0...position`:
    /// `softmax(q·Kᵀ · d^−½) · V` per query head, query head `h` reading kv head
    /// `h / (heads / kvHeads)` (transformers' `repeat_kv` is a repeat-interleave).
    private func attend(
        _ query: Matrix, step: StepRows, layer: Int, cache: KVCache, scores: FloatBuffer, into output: Matrix
    ) {
        let c = configuration
        let headDimension = c.headDimension
        let groupSize = c.attentionHeadCount / c.kvHeadCount
        // transformers: `scaling = head_dim ** -0.5`, a Python float used in a float32 multiply.
        let scale = Float(pow(Double(headDimension), -0.5))
        for row in 0..<step.count {
            let length = step.positions[row] + 1
            let base = cache.offset(layer: layer, slot: step.slots[row], position: 0)
            let rowScores = Vector(scores, count: length)
            for head in 0..<c.attentionHeadCount {
                let kvColumn = (head / groupSize) * headDimension
                let queryHead = Vector(
                    query.storage, offset: query.offset + row * query.rowStride + head * headDimension,
                    count: headDimension)
                let keys = Matrix(
                    cache.keys, offset: base + kvColumn, rows: length, columns: headDimension, rowStride: cache.rowWidth)
                let values = Matrix(
                    cache.values, offset: base + kvColumn, rows: length, columns: headDimension,
                    rowStride: cache.rowWidth)
                BLAS.gemv(keys, queryHead, into: rowScores)                          // s = K · q
                ElementwiseKernels.scaledSoftmax(rowScores, scale: scale)            // p = softmax(s · scale)
                BLAS.gemv(                                                            // o = Vᵀ · p
                    values, transpose: .transposed, rowScores,
                    into: Vector(
                        output.storage, offset: output.offset + row * output.rowStride + head * headDimension,
                        count: headDimension))
            }
        }
    }
}
