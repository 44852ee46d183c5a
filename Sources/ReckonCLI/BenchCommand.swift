import ArgumentParser
import Checkpoint
import Foundation
import Llama
import TensorCore

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure prefill and decode throughput of a checkpoint, next to OpenBLAS on the same GEMMs.",
        discussion: """
            For each batch size B, decodes B synthetic prompts of --prompt-tokens tokens for --new-tokens \
            tokens each (no EOS), all in one batch, and reports prompt tokens/s, generated tokens/s in \
            decode-only steps and overall (generated tokens over all forward time, prefill included, \
            comparable with transformers' generate), the GFLOP/s of a decode step's matrix products \
            (2·rows·weights per step; decode-only steps hold B rows or fewer at the end), and next to \
            it the GFLOP/s OpenBLAS reaches on the same products alone (sgemm, or sgemv at one row, on \
            the model's own weights). The gap between the two is everything that is not a matrix product.
            """
    )

    @Option(help: "Checkpoint directory (config.json and weights).")
    var model: String

    @Option(help: "PEFT LoRA adapter directory (merged into float32 weights, kept beside 16-bit ones).")
    var adapter: String?

    @Option(help: WeightsOption.help)
    var weights: WeightPrecision = .auto

    @Option(help: "Comma-separated batch sizes.")
    var batchSizes = "1,16,64,256"

    @Option(help: "Threads for the matrix products: OpenBLAS's, or Reckon's kernel threads for 16-bit weights (default: OpenBLAS's own default, all cores).")
    var threads: Int?

    @Option(help: "Tokens per prompt, BOS included.")
    var promptTokens = 32

    @Option(help: "Tokens generated per prompt.")
    var newTokens = 32

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        guard promptTokens >= 1 else { throw ValidationError("--prompt-tokens must be at least 1") }
        guard newTokens >= 2 else { throw ValidationError("--new-tokens must be at least 2 (one decode step)") }
        _ = try parsedBatchSizes()
    }

    private func parsedBatchSizes() throws -> [Int] {
        let sizes = batchSizes.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !sizes.isEmpty, sizes.allSatisfy({ ($0 ?? 0) >= 1 }) else {
            throw ValidationError("--batch-sizes must be positive integers separated by commas, e.g. 1,16,64")
        }
        return sizes.compactMap { $0 }
    }

    func run() throws {
        let context = threads.map(ComputeContext.init) ?? .machineDefault
        let loadStart = ContinuousClock.now
        let checkpoint = try LlamaCheckpoint.load(
            directory: try ModelDirectory.url(model), adapter: adapter.map { URL(fileURLWithPath: $0) }, weights: weights)
        let llama = try LlamaModel(checkpoint: checkpoint)
        let configuration = checkpoint.configuration
        let info = OpenBLAS.info(context: context)
        let summary = checkpoint.summary
        print("model: \(model) (\(summary.parameterCount) parameters), loaded in "
            + "\(Self.seconds(ContinuousClock.now - loadStart).formatted2) s")
        print("weights in memory: \(summary.inMemoryDTypes.joined(separator: ", ")), \(summary.inMemoryByteCount) bytes "
            + "(\((Double(summary.inMemoryByteCount) / 1e9).formatted2) GB); stored as "
            + summary.storedDTypes.joined(separator: ", ") + "; 16-bit kernels: "
            + (HalfKernels.isVectorised ? "AVX2+FMA+F16C" : "portable"))
        print("OpenBLAS \(info.version ?? "?") \(info.coreName) kernels, \(info.threadCount) threads; "
            + "prompts of \(promptTokens) tokens, \(newTokens) new tokens each")
        print("")
        print("batch  prefill tok/s  decode tok/s  overall tok/s  rows/decode step  decode step ms  "
            + "decode GEMM GFLOP/s  products alone GFLOP/s")

        let weightsPerToken = Self.gemmWeightsPerToken(configuration)
        for batchSize in try parsedBatchSizes() {
            let prompts = Self.syntheticPrompts(
                count: batchSize, length: promptTokens, vocabularySize: configuration.vocabularySize)
            let decoder = try GreedyDecoder(
                model: llama, batchSize: batchSize, maxNewTokens: newTokens, eosTokenIDs: [], context: context)
            _ = try decoder.decode(prompts: prompts)
            let statistics = decoder.statistics
            let prefillSeconds = Self.seconds(statistics.prefillDuration)
            let decodeSeconds = Self.seconds(statistics.decodeDuration)
            // Slots that finished their prompt early also finish decoding early, so decode-only
            // steps at the end can hold fewer than B rows: use the mean, and time BLAS at that M.
            let steps = max(statistics.decodeSteps, 1)
            let rowsPerStep = Double(statistics.decodeStepRows) / Double(steps)
            let stepSeconds = decodeSeconds / Double(steps)
            let stepFlops = 2 * rowsPerStep * Double(weightsPerToken)
            let blasRows = max(1, Int(rowsPerStep.rounded()))
            let blas = Self.blasAlone(checkpoint: checkpoint, rows: blasRows, context: context) * rowsPerStep / Double(blasRows)
            let line = [
                String(batchSize).padded(5),
                (Double(statistics.promptTokens) / prefillSeconds).formatted1.padded(14),
                (Double(statistics.decodeStepRows) / decodeSeconds).formatted1.padded(13),
                (Double(statistics.generatedTokens) / (prefillSeconds + decodeSeconds)).formatted1.padded(14),
                rowsPerStep.formatted1.padded(17),
                (stepSeconds * 1000).formatted2.padded(15),
                (stepFlops / stepSeconds / 1e9).formatted1.padded(20),
                (stepFlops / blas / 1e9).formatted1.padded(19),
            ]
            print(line.joined(separator: " "))
        }
    }

    /// Weights multiplied per token: the seven projections of every layer and the output head.
    static func gemmWeightsPerToken(_ c: LlamaConfiguration) -> Int {
        let query = c.attentionHeadCount * c.headDimension
        let kv = c.kvHeadCount * c.headDimension
        let perLayer = c.hiddenSize * (2 * query + 2 * kv) + 3 * c.hiddenSize * c.intermediateSize
        return c.layerCount * perLayer + c.vocabularySize * c.hiddenSize
    }

    /// `count` prompts of BOS followed by `length − 1` ids from a fixed LCG (no EOS, no padding id).
    static func syntheticPrompts(count: Int, length: Int, vocabularySize: Int) -> [[Int]] {
        var state: UInt64 = 0x2406_0210
        return (0..<count).map { _ in
            [1] + (1..<length).map { _ in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return 3 + Int((state >> 33) % UInt64(max(vocabularySize - 3, 1)))
            }
        }
    }

    /// Best of three: seconds for the matrix products of one decode step of `rows` sequences
    /// (every layer's seven projections and the head) on the checkpoint's own weights, in their
    /// in-memory precision, through the same `BLAS.project` the forward pass uses (sgemv/sgemm for
    /// Float32, the 16-bit kernels otherwise).
    static func blasAlone(checkpoint: LlamaCheckpoint, rows: Int, context: ComputeContext) -> Double {
        let c = checkpoint.configuration
        var weights: [WeightMatrix] = []
        for layer in 0..<c.layerCount {
            for tensor in [LlamaLayerTensor.query, .key, .value, .attentionOutput, .gate, .up, .down] {
                weights.append(checkpoint.layer(layer, tensor).weight)
            }
        }
        weights.append(checkpoint.outputProjection.weight)
        let widest = weights.map { max($0.rows, $0.columns) }.max() ?? 1
        let input = Matrix(FloatBuffer(repeating: 0.01, count: rows * widest), rows: rows, columns: widest)
        let output = Matrix(rows: rows, columns: widest)
        let workspace = ProjectionWorkspace(maxColumns: weights.map(\.columns).max() ?? 1, context: context)
        var best = Double.infinity
        for _ in 0..<3 {
            let start = ContinuousClock.now
            // As a forward pass runs them: OpenBLAS single-threaded beside 16-bit kernels.
            context.withOpenBLAS(singleThreaded: weights.contains { $0.format != .float32 }) {
                for weight in weights {
                    BLAS.project(
                        Matrix(input.storage, rows: rows, columns: weight.columns), weight,
                        into: Matrix(output.storage, rows: rows, columns: weight.rows), workspace: workspace,
                        context: context)
                }
            }
            best = min(best, seconds(ContinuousClock.now - start))
        }
        return best
    }

    static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) * 1e-18
    }
}

extension Double {
    fileprivate var formatted1: String { String(format: "%.1f", self) }
    fileprivate var formatted2: String { String(format: "%.2f", self) }
}

extension String {
    fileprivate func padded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
