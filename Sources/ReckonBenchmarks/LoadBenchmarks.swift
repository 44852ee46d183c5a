import Checkpoint
import Foundation
import TensorCore

/// Checkpoint loading widened to Float32 (`--weights float32`: mapped files, checks, conversion) and the raw
/// conversion rates.
enum LoadBenchmarks {
    static func run(directories: [String]) throws {
        for path in directories {
            let url = URL(fileURLWithPath: path)
            let bytes = try weightBytes(in: url)
            // Best of three: the first load also warms the page cache for the later ones.
            var best = Double.infinity
            var parameters = 0
            for _ in 0..<3 {
                let wall = Benchmarks.wallTime()
                let checkpoint = try LlamaCheckpoint.load(directory: url, weights: .float32)
                best = min(best, Benchmarks.wallTime() - wall)
                parameters = checkpoint.summary.parameterCount
            }
            print(String(format: "reckon load %@: %.3f s for %d parameters (%.0f MB of weights, %.2f GB/s read)",
                         url.lastPathComponent, best, parameters, Double(bytes) / 1e6, Double(bytes) / best / 1e9))
        }
        let elements = 64 << 20
        for format in [StorageFormat.float16, .bfloat16, .float32] {
            let source = [UInt8](repeating: 0x3C, count: elements * format.byteWidth)
            let target = FloatBuffer(count: elements)
            var best = Double.infinity
            for _ in 0..<3 {
                let rate = source.withUnsafeBytes { raw in
                    Benchmarks.measure(elements) { target.store(converting: raw, from: format, startingAt: 0) }
                }
                best = min(best, rate.wallSeconds)
            }
            print(String(format: "convert %@ -> float32 (one thread): %.2f GB/s read, %.2f GB/s written",
                         format.rawValue, Double(source.count) / best / 1e9, Double(elements * 4) / best / 1e9))
        }
    }

    private static func weightBytes(in directory: URL) throws -> Int {
        try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".safetensors") || $0.hasSuffix(".bin") }
            .map { try FileManager.default.attributesOfItem(atPath: directory.appendingPathComponent($0).path) }
            .reduce(0) { $0 + (($1[.size] as? Int) ?? 0) }
    }
}
