import Foundation
import TensorCore

/// `reckon-benchmarks half-kernels [HIDDEN INTERMEDIATE LAYERS VOCAB]`: the matrix products of one
/// decode step of M rows on a LLaMA's weight shapes (default: the 85M-parameter model of
/// scripts/bench/half-weights.sh), through each path `BLAS.project` can take: Float32 weights
/// (sgemv at M = 1, sgemm), and fp16 weights through the direct widening kernel or through panels
/// widened for sgemm. Every path streams the whole weight set from memory as a decode step does.
/// The row limit of the direct kernel (`BLAS.directHalfKernelRowLimit`) comes from this table.
enum HalfKernelBenchmarks {
    static func run(arguments: [String]) {
        let numbers = arguments.compactMap(Int.init)
        let (hidden, intermediate, layers, vocabulary) = numbers.count == 4
            ? (numbers[0], numbers[1], numbers[2], numbers[3]) : (768, 2048, 12, 32000)
        var shapes: [(rows: Int, columns: Int)] = []
        for _ in 0..<layers {
            shapes += [(hidden, hidden), (hidden, hidden), (hidden, hidden), (hidden, hidden),
                       (intermediate, hidden), (intermediate, hidden), (hidden, intermediate)]
        }
        shapes.append((vocabulary, hidden))
        var state: UInt64 = 0x2406_0210
        func nextPattern() -> UInt16 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            // Sign, exponent 2^-7..2^-6, random mantissa: finite values of weight-like size.
            return UInt16(truncatingIfNeeded: state >> 48) & 0x83FF | 0x2000
        }
        let half: [WeightMatrix] = shapes.map { shape in
            let patterns = (0..<(shape.rows * shape.columns)).map { _ in nextPattern() }
            let buffer = patterns.withUnsafeBytes { HalfBuffer(copying: $0, format: .float16) }
            return WeightMatrix(.half(buffer), rows: shape.rows, columns: shape.columns)
        }
        let float32 = half.map { WeightMatrix(.float32($0.storage.widened()), rows: $0.rows, columns: $0.columns) }
        let weightCount = shapes.reduce(0) { $0 + $1.rows * $1.columns }
        let widest = shapes.map { max($0.rows, $0.columns) }.max() ?? 1
        // The machine's default threads (OPENBLAS_NUM_THREADS, else all cores), for every path.
        let context = ComputeContext.machineDefault
        let workspace = ProjectionWorkspace(maxColumns: max(hidden, intermediate), context: context)
        print("decode-step products: \(shapes.count) weights, \(weightCount) parameters "
            + "(\(String(format: "%.0f", Double(weightCount) * 2 / 1e6)) MB fp16), OpenBLAS \(OpenBLAS.coreName), "
            + "\(context.threads) threads, 16-bit kernels \(HalfKernels.isVectorised ? "AVX2+FMA+F16C" : "portable")")
        print("    M   float32 ms   fp16 direct ms   fp16 panels ms   direct/f32   panels/f32")
        for m in [1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 64] {
            let input = Matrix(FloatBuffer(repeating: 0.01, count: m * widest), rows: m, columns: widest)
            let output = Matrix(rows: m, columns: widest)
            func step(_ body: (Matrix, WeightMatrix, Matrix) -> Void, _ weights: [WeightMatrix]) -> Double {
                var best = Double.infinity
                for _ in 0..<3 {
                    let start = Benchmarks.wallTime()
                    for weight in weights {
                        body(Matrix(input.storage, rows: m, columns: weight.columns), weight,
                             Matrix(output.storage, rows: m, columns: weight.rows))
                    }
                    best = min(best, Benchmarks.wallTime() - start)
                }
                return best * 1000
            }
            let reference = context.withOpenBLAS {
                step({ BLAS.project($0, $1, into: $2, workspace: workspace, context: context) }, float32)
            }
            let direct = step({ input, weight, output in
                guard case .half(let buffer) = weight.storage else { return }
                BLAS.projectDirect(input, buffer, weight, into: output, context: context)
            }, half)
            let panels = step({ input, weight, output in
                guard case .half(let buffer) = weight.storage else { return }
                BLAS.projectPanels(input, buffer, weight, into: output, workspace: workspace, context: context)
            }, half)
            print(String(format: "%5d %12.2f %16.2f %16.2f %12.2f %12.2f", m, reference, direct, panels,
                         direct / reference, panels / reference))
        }
    }
}
