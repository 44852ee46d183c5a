import Foundation
import Tokenization

/// Encoding throughput of both tokenizer files of a model directory on a corpus (one text per line).
enum TokenizerBenchmarks {
    static func run(model: String, corpus: String) throws {
        let lines = try String(contentsOfFile: corpus, encoding: .utf8).split(separator: "\n").map(String.init)
        for kind in [Tokenizer.Kind.sentencePiece, .tokenizerJSON] {
            let tokenizer = try Tokenizer.load(directory: URL(fileURLWithPath: model), kind: kind)
            var tokens = 0
            var best = Double.infinity
            for _ in 0..<3 {
                tokens = 0
                let rate = Benchmarks.measure(lines.count) {
                    for line in lines { tokens += tokenizer.encode(line, addSpecialTokens: false).count }
                }
                best = min(best, rate.cpuSeconds)
            }
            print(String(format: "reckon encode (%@): %d lines, %d tokens, %.0f tokens/CPU-s, %.0f lines/CPU-s",
                         kind.rawValue, lines.count, tokens, Double(tokens) / best, Double(lines.count) / best))
        }
    }
}
