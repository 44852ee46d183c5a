import Checkpoint
import TensorCore

/// Every activation buffer a forward pass over up to `rowCapacity` tokens needs, allocated once.
///
/// Buffers are packed row-major `[rows, width]`; a pass over `m` rows uses the first `m` rows.
/// The scratch belongs to one compute context: its widening workspace has a panel per thread.
final class ForwardScratch {
    /// The threads the passes using this scratch run on.
    let context: ComputeContext
    let rowCapacity: Int
    let logitCapacity: Int
    let positionCapacity: Int

    /// `[rows, hidden]`: the residual stream.
    let hidden: FloatBuffer
    /// `[rows, hidden]`: RMSNorm output, the input of the projections.
    let normed: FloatBuffer
    /// `[rows, hidden]`: o_proj and down_proj outputs, added to the residual stream.
    let projected: FloatBuffer
    /// `[rows, heads · headDim]`
    let query: FloatBuffer
    /// `[rows, kvHeads · headDim]`
    let key: FloatBuffer
    /// `[rows, kvHeads · headDim]`
    let value: FloatBuffer
    /// `[rows, heads · headDim]`: attention output before o_proj.
    let attention: FloatBuffer
    /// `[rows, intermediate]`: gate_proj output, then SiLU(gate) · up.
    let gate: FloatBuffer
    /// `[rows, intermediate]`
    let up: FloatBuffer
    /// `[rows, headDim / 2]`: cos and sin of each row's rotary angles.
    let cosines: FloatBuffer
    let sines: FloatBuffer
    /// `[positions]`: one head's attention scores, then probabilities.
    let scores: FloatBuffer
    /// `[logitRows, hidden]`: final-norm output of the rows whose logits are wanted.
    let finalHidden: FloatBuffer
    /// `[logitRows, vocab]`
    let logits: FloatBuffer
    /// `[rows, r]`: x · Aᵀ of an unmerged LoRA adapter (empty without one).
    let adapterLowRank: FloatBuffer
    /// `[rows, out]`: (x · Aᵀ) · Bᵀ of an unmerged LoRA adapter (empty without one).
    let adapterOutput: FloatBuffer
    /// Widened panels of 16-bit weights for sgemm (minimal for a Float32 model).
    let workspace: ProjectionWorkspace

    init(model: LlamaModel, rowCapacity: Int, logitCapacity: Int, positionCapacity: Int, context: ComputeContext) {
        self.context = context
        self.rowCapacity = rowCapacity
        self.logitCapacity = logitCapacity
        self.positionCapacity = positionCapacity
        let configuration = model.configuration
        let needs = model.projectionNeeds
        adapterLowRank = FloatBuffer(count: rowCapacity * needs.adapterRank)
        adapterOutput = FloatBuffer(count: rowCapacity * needs.adapterOutputs)
        workspace = ProjectionWorkspace(maxColumns: model.hasHalfWeights ? needs.maxColumns : 0, context: context)
        let widths = Self.widths(configuration)
        hidden = FloatBuffer(count: rowCapacity * widths.hidden)
        normed = FloatBuffer(count: rowCapacity * widths.hidden)
        projected = FloatBuffer(count: rowCapacity * widths.hidden)
        query = FloatBuffer(count: rowCapacity * widths.query)
        key = FloatBuffer(count: rowCapacity * widths.kv)
        value = FloatBuffer(count: rowCapacity * widths.kv)
        attention = FloatBuffer(count: rowCapacity * widths.query)
        gate = FloatBuffer(count: rowCapacity * widths.intermediate)
        up = FloatBuffer(count: rowCapacity * widths.intermediate)
        cosines = FloatBuffer(count: rowCapacity * widths.halfHead)
        sines = FloatBuffer(count: rowCapacity * widths.halfHead)
        scores = FloatBuffer(count: positionCapacity)
        finalHidden = FloatBuffer(count: logitCapacity * widths.hidden)
        logits = FloatBuffer(count: logitCapacity * configuration.vocabularySize)
    }

    private static func widths(
        _ configuration: LlamaConfiguration
    ) -> (hidden: Int, query: Int, kv: Int, intermediate: Int, halfHead: Int) {
        (configuration.hiddenSize, configuration.attentionHeadCount * configuration.headDimension,
         configuration.kvHeadCount * configuration.headDimension, configuration.intermediateSize,
         configuration.headDimension / 2)
    }

    /// Bytes the buffers of a scratch with these capacities occupy, or nil on overflow.
    static func byteCount(
        model: LlamaModel, rowCapacity: Int, logitCapacity: Int, positionCapacity: Int, context: ComputeContext
    ) -> Int? {
        let configuration = model.configuration
        let widths = widths(configuration)
        let needs = model.projectionNeeds
        let workspaceBytes = ProjectionWorkspace.byteCount(
            maxColumns: model.hasHalfWeights ? needs.maxColumns : 0, context: context)
        let perRow = 3 * widths.hidden + 2 * widths.query + 2 * widths.kv + 2 * widths.intermediate
            + 2 * widths.halfHead + needs.adapterRank + needs.adapterOutputs
        let perLogitRow = widths.hidden + configuration.vocabularySize
        let (rows, overflow1) = rowCapacity.multipliedReportingOverflow(by: perRow)
        let (logits, overflow2) = logitCapacity.multipliedReportingOverflow(by: perLogitRow)
        let (sum, overflow3) = rows.addingReportingOverflow(logits)
        let (elements, overflow4) = sum.addingReportingOverflow(positionCapacity)
        let (bytes, overflow5) = elements.multipliedReportingOverflow(by: MemoryLayout<Float>.stride)
        let (total, overflow6) = bytes.addingReportingOverflow(workspaceBytes)
        return overflow1 || overflow2 || overflow3 || overflow4 || overflow5 || overflow6 ? nil : total
    }

    /// The first `rows` rows of `buffer`, `columns` wide.
    func rows(_ buffer: FloatBuffer, _ rows: Int, columns: Int) -> Matrix {
        Matrix(buffer, rows: rows, columns: columns)
    }
}
