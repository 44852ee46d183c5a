import CBLAS
import CHalfKernels

/// Reused Float32 memory for `BLAS.project`: per thread, a panel of 16-bit weight rows widened for
/// sgemm. One per caller that projects (a forward pass's scratch); not for concurrent use.
package final class ProjectionWorkspace {
    let panels: [FloatBuffer]

    /// A workspace for weights of up to `maxColumns` columns, with a panel for each of the
    /// context's threads. `maxColumns` 0: an empty workspace, for a model without 16-bit weights.
    package init(maxColumns: Int, context: ComputeContext) {
        let elements = Self.panelElementCount(maxColumns: maxColumns)
        panels = elements == 0 ? [] : (0..<context.threads).map { _ in FloatBuffer(count: elements) }
    }

    /// Bytes a workspace for weights of up to `maxColumns` columns occupies in `context`.
    package static func byteCount(maxColumns: Int, context: ComputeContext) -> Int {
        panelElementCount(maxColumns: maxColumns) * MemoryLayout<Float>.stride * context.threads
    }

    static func panelElementCount(maxColumns: Int) -> Int {
        maxColumns <= 0 ? 0 : max(BLAS.widenedPanelElements, BLAS.minimumPanelRows * maxColumns)
    }
}

extension BLAS {
    /// Up to this many input rows, a 16-bit weight goes through the C kernel that widens it in
    /// registers (reading 2 bytes per weight from memory once for all rows); above it, through
    /// panels widened per thread for sgemm. The direct kernel re-widens each weight row for every
    /// 3 input rows, so its cost grows with M while sgemm on widened panels grows far more slowly;
    /// 12 is where `reckon-benchmarks half-kernels` measured the crossover (docs/performance.md).
    package static let directHalfKernelRowLimit = 12

    /// Elements a workspace panel holds (one per thread): 4 MiB of Float32, still in a typical L3
    /// cache when sgemm packs it. Panels are usually smaller (`panelRows`).
    static let widenedPanelElements = 1 << 20
    /// Rows a panel holds at least (for very wide weights).
    static let minimumPanelRows = 8

    /// `output[m, out] = input[m, in] · weightᵀ` for a weight stored `[out, in]` in any precision,
    /// with every product and sum in Float32 (a 16-bit weight is widened exactly first):
    ///  - Float32 weights: sgemm, or sgemv for a single row (OpenBLAS 0.3.21 does not turn an
    ///    M = 1 GEMM into the faster GEMV itself);
    ///  - 16-bit weights, up to `directHalfKernelRowLimit` rows: the widening C kernel, weight rows
    ///    split over the context's threads (Reckon's kernel threads, HalfKernels.parallel);
    ///  - 16-bit weights, more rows: panels of weight rows shared out to the threads, each
    ///    widening a panel into `workspace` and multiplying it with single-threaded sgemm.
    /// - Precondition: `input` is `m × weight.columns`, `output` is `m × weight.rows`, they do not overlap.
    /// Float32 products run on OpenBLAS at the count of the caller's `withOpenBLAS` section.
    package static func project(
        _ input: Matrix, _ weight: WeightMatrix, into output: Matrix, workspace: ProjectionWorkspace,
        context: ComputeContext
    ) {
        precondition(input.columns == weight.columns && output.columns == weight.rows && output.rows == input.rows,
            "project: input \(input.rows) × \(input.columns), weight \(weight.rows) × \(weight.columns), "
                + "output \(output.rows) × \(output.columns)")
        switch weight.storage {
        case .float32(let buffer):
            let matrix = Matrix(buffer, rows: weight.rows, columns: weight.columns)
            if input.rows == 1 {
                gemv(matrix, Vector(input.storage, offset: input.offset, count: input.columns),
                     into: Vector(output.storage, offset: output.offset, count: output.columns))
            } else {
                gemm(input, matrix, transposeB: .transposed, into: output)
            }
        case .half(let buffer):
            if input.rows <= directHalfKernelRowLimit {
                projectDirect(input, buffer, weight, into: output, context: context)
            } else {
                projectPanels(input, buffer, weight, into: output, workspace: workspace, context: context)
            }
        }
    }

    /// The direct kernel, on the input rows as they are; output rows split over the threads.
    package static func projectDirect(
        _ input: Matrix, _ buffer: HalfBuffer, _ weight: WeightMatrix, into output: Matrix,
        context: ComputeContext, level: Int32 = HalfKernels.level
    ) {
        guard input.rows > 0, weight.rows > 0 else { return }
        let format = buffer.format.kernelCode
        let (m, k) = (input.rows, weight.columns)
        let ranges = HalfKernels.split(weight.rows, parts: context.threads, granule: 16)
        buffer.withUnsafeBufferPointer { weights in
            input.storage.withUnsafeBufferPointer { inputAll in
                output.storage.withUnsafeMutableBufferPointer { outputAll in
                    let x = inputAll.baseAddress! + input.offset
                    let y = outputAll.baseAddress! + output.offset
                    let w = weights.baseAddress!
                    let (ldx, ldy) = (input.rowStride, output.rowStride)
                    HalfKernels.parallel(ranges.count, threads: context.threads) { part, _ in
                        let rows = ranges[part]
                        reckon_half_gemm_nt(
                            level, format, w, k, x, ldx, y, ldy, m, rows.lowerBound, rows.upperBound, k)
                    }
                }
            }
        }
    }

    /// Rows of each panel of a `rows × columns` weight: at most what a workspace panel holds,
    /// and few enough that a weight makes `panelsPerWeight` panels for the threads to share, in
    /// multiples of 16 rows. It depends on the shape alone, so every thread count multiplies the
    /// same panels with the same sgemm calls and gets the same bits: OpenBLAS's sgemm does not
    /// promise an output column the same bits when the call's width changes, and with panels cut
    /// per thread the 1- and 2-thread results differed (HalfWeightTests).
    static func panelRows(rows: Int, columns: Int) -> Int {
        let fitting = max(minimumPanelRows, widenedPanelElements / max(columns, 1))
        let shared = (rows + panelsPerWeight - 1) / panelsPerWeight
        return max(1, min(fitting, (shared + 15) / 16 * 16))
    }

    /// Panels a weight is cut into at least (when it has the rows): enough for 2-4 threads to share
    /// evenly, each panel still wide enough that sgemm runs at its full rate (96 rows × 768 at the
    /// 134M model's smallest weight).
    static let panelsPerWeight = 8

    /// Panels of weight rows, shared out to the threads as they become free; each thread widens a
    /// panel into its own workspace panel and hands it to single-threaded sgemm. Why not widen on
    /// one thread and let OpenBLAS's threads run sgemm: the widening then runs alone on one core,
    /// and widening beside OpenBLAS's spinning threads was slower still (docs/performance.md).
    package static func projectPanels(
        _ input: Matrix, _ buffer: HalfBuffer, _ weight: WeightMatrix, into output: Matrix,
        workspace: ProjectionWorkspace, context: ComputeContext
    ) {
        let k = weight.columns
        guard weight.rows > 0 else { return }
        let panelRows = panelRows(rows: weight.rows, columns: k)
        precondition(!workspace.panels.isEmpty && workspace.panels[0].count >= panelRows * k,
                     "the workspace cannot hold \(panelRows) rows of \(k) columns")
        let panelCount = (weight.rows + panelRows - 1) / panelRows
        context.withOpenBLAS(singleThreaded: true) {
            HalfKernels.parallel(panelCount, threads: min(context.threads, workspace.panels.count)) { part, thread in
                let panel = workspace.panels[thread]
                let start = part * panelRows
                let rows = min(panelRows, weight.rows - start)
                panel.withUnsafeMutableBufferPointer { panel in
                    buffer.widen(elementsFrom: start * k, count: rows * k, into: panel.baseAddress!)
                }
                gemm(
                    input, Matrix(panel, rows: rows, columns: k), transposeB: .transposed,
                    into: Matrix(output.storage, offset: output.offset + start, rows: output.rows,
                                 columns: rows, rowStride: output.rowStride))
            }
        }
    }
}
