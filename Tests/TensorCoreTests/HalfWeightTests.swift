@testable import TensorCore
import Testing

/// 16-bit weights: exact widening, and products that equal the Float32 arithmetic on the widened
/// weights up to float32 rounding, through every path (`BLAS.project`'s direct kernel at both
/// instruction-set levels, widened panels with sgemm), for shapes with every kind of remainder.
extension OpenBLASCalls {
    @Suite("16-bit weights")
    struct HalfWeightTests {
        private static func halfBuffer(_ patterns: [UInt16], _ format: StorageFormat) -> HalfBuffer {
            patterns.withUnsafeBytes { HalfBuffer(copying: $0, format: format) }
        }

        @Test("every fp16 and bf16 bit pattern widens exactly, on the vector and the portable path",
              arguments: [StorageFormat.float16, .bfloat16])
        func widensEveryPattern(format: StorageFormat) {
            let patterns = (0...UInt16.max).map { $0 }
            let half = Self.halfBuffer(patterns, format)
            let reference = patterns.withUnsafeBytes { FloatBuffer(converting: $0, from: format) }
            #expect(half.widened(level: HalfKernels.portableLevel).hasSameBitPatterns(as: reference))
            // The vector path (F16C) is exact too, except that it quietens a signalling NaN (sets the
            // top mantissa bit); a model refuses NaN weights anyway.
            let vector = half.widened(level: HalfKernels.level)
            var mismatches = 0
            for index in 0..<65536 {
                let (actual, expected) = (vector[index].bitPattern, reference[index].bitPattern)
                let same = actual == expected || (reference[index].isNaN && actual == expected | 0x0040_0000)
                if !same { mismatches += 1 }
            }
            #expect(mismatches == 0)
            #expect(half[0x3C00].bitPattern == reference[0x3C00].bitPattern)
            #expect(half.byteCount == 2 * 65536)
        }

        @Test("the first infinity or NaN is found, in both formats")
        func findsNonFinite() {
            #expect(Self.halfBuffer([0x3C00, 0x7BFF, 0x7C00], .float16).firstNonFiniteIndex() == 2)  // +inf
            #expect(Self.halfBuffer([0xFE00, 0], .float16).firstNonFiniteIndex() == 0)  // NaN
            #expect(Self.halfBuffer([0x7F7F, 0x0001, 0x7F80], .bfloat16).firstNonFiniteIndex() == 2)
            #expect(Self.halfBuffer([0x7F7F, 0x7BFF], .bfloat16).firstNonFiniteIndex() == nil)
            #expect(WeightStorage.half(Self.halfBuffer([0x7BFF, 0x7C01], .float16)).firstNonFiniteIndex() == 1)
        }

        /// Random 16-bit weights of magnitude below 1 (fp16) or anything finite-ish (bf16 with a
        /// small exponent range), so that products neither overflow nor vanish.
        private static func randomWeights(rows: Int, columns: Int, format: StorageFormat, random: inout SeededRandom)
            -> WeightMatrix
        {
            let values = (0..<(rows * columns)).map { _ in Float.random(in: -1..<1, using: &random) }
            let patterns: [UInt16] = values.map { value in
                format == .float16 ? Float16(value).bitPattern : UInt16(value.bitPattern >> 16)
            }
            return WeightMatrix(.half(halfBuffer(patterns, format)), rows: rows, columns: columns)
        }

        static let shapes: [(m: Int, n: Int, k: Int)] = [
            (1, 1, 1), (1, 5, 7), (1, 37, 33), (2, 9, 16), (3, 4, 8), (4, 130, 200), (5, 13, 17), (7, 3, 9),
            (8, 64, 64), (9, 37, 33), (17, 130, 200), (64, 40, 24),
            (1, 700, 600), (9, 700, 600), (13, 700, 600),  // 420,000 weights, split over the threads
        ]

        @Test("project with 16-bit weights equals a Double reference on the widened weights",
              arguments: [StorageFormat.float16, .bfloat16])
        func projectMatchesReference(format: StorageFormat) {
            var random = SeededRandom(seed: format == .float16 ? 16 : 17)
            let context = ComputeContext.machineDefault
            for shape in Self.shapes {
                let weight = Self.randomWeights(rows: shape.n, columns: shape.k, format: format, random: &random)
                let input = Matrix(random.buffer(count: shape.m * (shape.k + 3) + 1), offset: 1, rows: shape.m,
                                   columns: shape.k, rowStride: shape.k + 3)
                let widened = weight.storage.widened()
                var outputs: [Matrix] = []
                for path in 0..<4 {
                    let output = Matrix(FloatBuffer(repeating: .nan, count: shape.m * (shape.n + 2)), rows: shape.m,
                                        columns: shape.n, rowStride: shape.n + 2)
                    guard case .half(let buffer) = weight.storage else { return }
                    switch path {
                    case 0:
                        BLAS.project(input, weight, into: output,
                                     workspace: ProjectionWorkspace(maxColumns: shape.k, context: context),
                                     context: context)
                    case 1:
                        BLAS.projectDirect(input, buffer, weight, into: output, context: context, level: HalfKernels.level)
                    case 2:
                        BLAS.projectDirect(input, buffer, weight, into: output, context: context,
                                           level: HalfKernels.portableLevel)
                    default:
                        BLAS.projectPanels(input, buffer, weight, into: output,
                                           workspace: ProjectionWorkspace(maxColumns: shape.k, context: context),
                                           context: context)
                    }
                    outputs.append(output)
                }
                for row in 0..<shape.m {
                    for column in 0..<shape.n {
                        var sum = 0.0
                        var magnitude = 0.0
                        for j in 0..<shape.k {
                            let product = Double(input[row, j]) * Double(widened[column * shape.k + j])
                            sum += product
                            magnitude += abs(product)
                        }
                        let tolerance = 4e-7 * Double(shape.k) * max(magnitude, 1e-30)
                        for (path, output) in outputs.enumerated() {
                            let error = abs(Double(output[row, column]) - sum)
                            #expect(error <= tolerance,
                                    "\(format) \(shape) path \(path) [\(row), \(column)]: \(output[row, column]) vs \(sum)")
                        }
                    }
                }
            }
        }

        /// The outputs of `product(input, weights, output)` on an fp16 weight of `rows × columns` and
        /// `m` random input rows, once per entry of `threadCounts`.
        private static func outputs(
            seed: UInt64, m: Int, rows: Int, columns: Int, threadCounts: [Int],
            _ product: (Matrix, HalfBuffer, WeightMatrix, Matrix, ComputeContext) -> Void
        ) -> [FloatBuffer] {
            var random = SeededRandom(seed: seed)
            let weight = randomWeights(rows: rows, columns: columns, format: .float16, random: &random)
            let input = Matrix(random.buffer(count: m * columns), rows: m, columns: columns)
            guard case .half(let buffer) = weight.storage else { return [] }
            return threadCounts.map { threads in
                let output = Matrix(rows: m, columns: rows)
                product(input, buffer, weight, output, ComputeContext(threads: threads))
                return output.storage
            }
        }

        @Test("the direct kernel gives the same bits with one or two threads")
        func directKernelIndependentOfThreads() {
            let results = Self.outputs(seed: 3, m: 5, rows: 333, columns: 257, threadCounts: [1, 2]) {
                BLAS.projectDirect($0, $1, $2, into: $3, context: $4)
            }
            #expect(results.count == 2 && results[0].hasSameBitPatterns(as: results[1]))
        }

        @Test("the panel path gives the same bits with one or two threads, over several panels per thread")
        func panelsIndependentOfThreads() {
            // 2,100 × 1,000: eight panels of 272 rows (the last 196), shared out differently to one
            // and to two threads.
            let results = Self.outputs(seed: 4, m: 20, rows: 2100, columns: 1000, threadCounts: [1, 2, 1]) {
                BLAS.projectPanels($0, $1, $2, into: $3, workspace: ProjectionWorkspace(maxColumns: 1000, context: $4),
                                   context: $4)
            }
            #expect(results.count == 3 && results[0].hasSameBitPatterns(as: results[1]))
            #expect(results.count == 3 && results[0].hasSameBitPatterns(as: results[2]))
        }

        @Test("panels depend on the weight's shape alone: 8 per weight, fitting a workspace panel")
        func panelRows() {
            #expect(BLAS.panelRows(rows: 768, columns: 768) == 96)
            #expect(BLAS.panelRows(rows: 2100, columns: 1000) == 272)
            #expect(BLAS.panelRows(rows: 32000, columns: 768) == (1 << 20) / 768)  // 1,365: the workspace
            #expect(BLAS.panelRows(rows: 3, columns: 5) == 16)  // one panel of all 3 rows
            #expect(BLAS.panelRows(rows: 100, columns: 1 << 21) == 8)
        }

        @Test("an empty workspace holds no panels; one for 16-bit weights holds one per thread")
        func workspaceBytes() {
            let two = ComputeContext(threads: 2)
            #expect(ProjectionWorkspace(maxColumns: 0, context: two).panels.isEmpty)
            #expect(ProjectionWorkspace.byteCount(maxColumns: 0, context: two) == 0)
            let workspace = ProjectionWorkspace(maxColumns: 3200, context: two)
            #expect(workspace.panels.map(\.count) == [1 << 20, 1 << 20])
            #expect(ProjectionWorkspace.byteCount(maxColumns: 3200, context: two) == 2 * 4 * (1 << 20))
            // Very wide weights: at least 8 rows per panel.
            #expect(ProjectionWorkspace.byteCount(maxColumns: 200_000, context: ComputeContext(threads: 3))
                        == 3 * 4 * 8 * 200_000)
        }

        @Test("row ranges split over threads cover every row once, on granule boundaries")
        func splitsRows() {
            #expect(HalfKernels.split(0, parts: 2, granule: 4) == [])
            #expect(HalfKernels.split(3, parts: 2, granule: 4) == [0..<3])
            #expect(HalfKernels.split(10, parts: 2, granule: 4) == [0..<4, 4..<10])
            #expect(HalfKernels.split(130, parts: 3, granule: 16) == [0..<48, 48..<96, 96..<130])
        }

        @Test("gatherRows widens the chosen rows of a 16-bit weight")
        func gathersRows() {
            let weight = WeightMatrix(.half(Self.halfBuffer([0x3C00, 0x4000, 0x4200, 0xC400, 0, 0x3800], .float16)),
                                      rows: 3, columns: 2)
            let output = Matrix(rows: 2, columns: 2)
            weight.gatherRows([2, 1, 0], into: output)
            #expect([output[0, 0], output[0, 1], output[1, 0], output[1, 1]] == [0, 0.5, 3, -4])
        }
    }
}
