import CBLAS
import CHalfKernels

/// Reused Float32 memory for `BLAS.project`: a panel of 16-bit weight rows widened for sgemm.
/// One per caller that projects (a forward pass's scratch); not for concurrent use.
public final class ProjectionWorkspace {
    let panel: FloatBuffer

    /// A workspace for weights of up to `maxColumns` columns.
    public init(maxColumns: Int) {
        panel = FloatBuffer(count: Self.panelElementCount(maxColumns: maxColumns))
    }

    /// Bytes a workspace for weights of up to `maxColumns` columns occupies.
    public static func byteCount(maxColumns: Int) -> Int {
        panelElementCount(maxColumns: maxColumns) * MemoryLayout<Float>.stride
    }

    static func panelElementCount(maxColumns: Int) -> Int {
        max(BLAS.widenedPanelElements, BLAS.minimumPanelRows * max(maxColumns, 1))
    }
}

extension BLAS {
    /// Up to this many input rows, a 16-bit weight goes through the C kernel that widens it in
    /// registers (reading 2 bytes per weight from memory once for all rows); above it, through
    /// panels widened into the workspace and OpenBLAS sgemm. Why 8: `reckon-benchmarks half-kernels`
    /// (one decode step's products on the 85M-parameter model's shapes, AMD EPYC, 2 cores, three runs
    /// on 2026-11-30 with the machine shared, load 5-7) had the direct kernel ahead of the panels at
    /// every M from 1 to 12 in every run (e.g. M = 4: 21-50 ms vs 67-672 ms), and the panels ahead
    /// from M = 24-32 up in most runs; between 12 and 24 the runs disagree. The direct kernel
    /// re-reads each weight row from L1/L2 and re-widens it for every 3 input rows, with 6 FMAs per
    /// 8 widened weights, so its cost grows with M while cache-blocked sgemm on widened panels
    /// grows far more slowly; 8 keeps the direct kernel where it won clearly.
    package static let directHalfKernelRowLimit = 8

    /// Elements of one widened panel: 4 MiB of Float32, still in the L3 cache (32 MiB here) when
    /// sgemm packs it, and large enough that the sgemm calls per step stay few (each call packs
    /// the input rows again). 1 MiB and 4 MiB measured the same within the noise of a shared machine.
    static let widenedPanelElements = 1 << 20
    /// Rows a panel holds at least (for very wide weights).
    static let minimumPanelRows = 8

    /// `output[m, out] = input[m, in] · weightᵀ` for a weight stored `[out, in]` in any precision,
    /// with every product and sum in Float32 (a 16-bit weight is widened exactly first):
    ///  - Float32 weights: sgemm, or sgemv for a single row (OpenBLAS 0.3.21 does not turn an
    ///    M = 1 GEMM into the faster GEMV itself);
    ///  - 16-bit weights, up to `directHalfKernelRowLimit` rows: the widening C kernel, weight rows
    ///    split over OpenBLAS's thread count;
    ///  - 16-bit weights, more rows: panels of weight rows widened into `workspace` (on the calling
    ///    thread), then sgemm on OpenBLAS's threads.
    /// - Precondition: `input` is `m × weight.columns`, `output` is `m × weight.rows`, they do not overlap.
    public static func project(_ input: Matrix, _ weight: WeightMatrix, into output: Matrix, workspace: ProjectionWorkspace) {
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
                projectDirect(input, buffer, weight, into: output)
            } else {
                projectPanels(input, buffer, weight, into: output, workspace: workspace)
            }
        }
    }

    /// The direct kernel, on the input rows as they are; output rows split over the threads.
    package static func projectDirect(
        _ input: Matrix, _ buffer: HalfBuffer, _ weight: WeightMatrix, into output: Matrix,
        level: Int32 = HalfKernels.level
    ) {
        guard input.rows > 0, weight.rows > 0 else { return }
        let format = buffer.format.kernelCode
        let (m, k) = (input.rows, weight.columns)
        let ranges = HalfKernels.split(weight.rows, parts: OpenBLAS.threadCount, granule: 16)
        buffer.withUnsafeBufferPointer { weights in
            input.storage.withUnsafeBufferPointer { inputAll in
                output.storage.withUnsafeMutableBufferPointer { outputAll in
                    let x = inputAll.baseAddress! + input.offset
                    let y = outputAll.baseAddress! + output.offset
                    let w = weights.baseAddress!
                    let (ldx, ldy) = (input.rowStride, output.rowStride)
                    HalfKernels.parallel(ranges.count) { part in
                        let rows = ranges[part]
                        reckon_half_gemm_nt(
                            level, format, w, k, x, ldx, y, ldy, m, rows.lowerBound, rows.upperBound, k)
                    }
                }
            }
        }
    }

    /// Panels of weight rows widened into the workspace, each handed to sgemm.
    package static func projectPanels(
        _ input: Matrix, _ buffer: HalfBuffer, _ weight: WeightMatrix, into output: Matrix,
        workspace: ProjectionWorkspace
    ) {
        let k = weight.columns
        let panelRows = max(1, min(weight.rows, workspace.panel.count / max(k, 1)))
        precondition(panelRows >= min(weight.rows, minimumPanelRows), "workspace too small for \(k) columns")
        var start = 0
        while start < weight.rows {
            let rows = min(panelRows, weight.rows - start)
            // Widened on the calling thread: handing each panel to a second thread and then to
            // OpenBLAS's threads cost more than it saved (134M model, batch 16 / 64, 2 threads, two
            // rounds on a shared machine: 98-119 / 215-230 tokens/s widening on two threads, 153-167 /
            // 243-246 on one; float32 weights 143-155 / 213-261).
            workspace.panel.withUnsafeMutableBufferPointer { panel in
                buffer.widen(elementsFrom: start * k, count: rows * k, into: panel.baseAddress!)
            }
            gemm(
                input, Matrix(workspace.panel, rows: rows, columns: k), transposeB: .transposed,
                into: Matrix(output.storage, offset: output.offset + start, rows: output.rows, columns: rows,
                             rowStride: output.rowStride))
            start += rows
        }
    }
}

