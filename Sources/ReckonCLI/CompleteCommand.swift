import ArgumentParser
import Checkpoint
import Foundation
import JSONDocument
import Llama
import LocalBackend
import Puzzles
import TensorCore
import Tokenization

struct CompleteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "complete",
        abstract: "Greedy completions: JSONL {\"prompt\": …} in, {prompt, completion, tokens, stop} out in input order.",
        discussion: """
            Each prompt is encoded with the model directory's tokenizer (BOS added as its configuration \
            says) and continued greedily in float32, token for token as transformers' generate does, \
            until an EOS id (config.json's eos_token_id and the tokenizer's EOS) or --max-new-tokens. \
            Prompts decode --batch-size at a time with continuous batching. "tokens" holds the new \
            token ids without the EOS; "completion" is their text; "stop" is \
            "eos" or "length". A summary with throughput goes to standard error.
            """
    )

    @OptionGroup var modelOptions: ModelOptions

    @OptionGroup var streams: StreamOptions

    @Option(help: "Prompts decoded together.")
    var batchSize = 16

    @Option(help: "Tokens generated at most per prompt.")
    var maxNewTokens = 128

    @Option(help: "Threads for the matrix products: OpenBLAS's, or Reckon's kernel threads for 16-bit weights (default: OpenBLAS's own default, all cores).")
    var threads: Int?

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1") }
        guard maxNewTokens >= 1 else { throw ValidationError("--max-new-tokens must be at least 1") }
    }

    func run() throws {
        let context = threads.map(ComputeContext.init) ?? .machineDefault
        // A mistyped --model is said before standard input is waited on and read.
        _ = try modelOptions.modelURL
        let prompts = try Self.readPrompts(path: streams.in)
        let output = try streams.openOutput()

        let loadStart = ContinuousClock.now
        let loaded = try LoadedLlama(modelOptions)
        let textTokenizer = loaded.tokenizer
        let loadDuration = ContinuousClock.now - loadStart

        let promptIDs = prompts.map(loaded.promptTokens)
        let decoder = try GreedyDecoder(model: loaded.model, batchSize: batchSize, maxNewTokens: maxNewTokens,
                                        eosTokenIDs: loaded.eosTokenIDs, context: context)

        // Completions arrive in finishing order; lines go out in input order as soon as every
        // earlier prompt is done.
        var pending = [GreedyCompletion?](repeating: nil, count: prompts.count)
        var nextToWrite = 0
        var buffer: [UInt8] = []
        _ = try decoder.decode(prompts: promptIDs) { index, completion in
            pending[index] = completion
            while nextToWrite < prompts.count, let ready = pending[nextToWrite] {
                buffer.append(contentsOf: Self.line(
                    prompt: prompts[nextToWrite], completion: ready, text: textTokenizer.decode(ready.tokens)).utf8)
                pending[nextToWrite] = nil
                nextToWrite += 1
            }
            if buffer.count >= 1 << 16 {
                try output.write(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        try output.write(buffer)
        try output.finish()
        printError(Self.summary(decoder.statistics, prompts: prompts.count, load: loadDuration))
    }

    /// The "prompt" of every non-blank line.
    static func readPrompts(path: String?) throws -> [String] {
        let source = try LineSource(path: path)
        var prompts: [String] = []
        while let (lineNumber, line) = try source.nextLine() {
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            let object = try JSONLine.value(line, lineNumber: lineNumber, source: source.name)
            guard let prompt = object["prompt"]?.stringValue else {
                throw CommandError("\(source.name):\(lineNumber): expected a JSON object with a string field \"prompt\"")
            }
            prompts.append(prompt)
        }
        guard !prompts.isEmpty else { throw CommandError("\(source.name): no prompts") }
        return prompts
    }

    static func line(prompt: String, completion: GreedyCompletion, text: String) -> String {
        "{\"prompt\":\(JSONText.quoted(prompt)),\"completion\":\(JSONText.quoted(text)),"
            + "\"tokens\":[\(completion.tokens.map(String.init).joined(separator: ","))],"
            + "\"stop\":\"\(completion.stop.rawValue)\"}\n"
    }

    static func summary(_ statistics: DecodeStatistics, prompts: Int, load: Duration) -> String {
        let prefill = BenchCommand.seconds(statistics.prefillDuration)
        let decode = BenchCommand.seconds(statistics.decodeDuration)
        let total = prefill + decode
        return "decoded \(prompts) prompts: \(statistics.promptTokens) prompt tokens, "
            + "\(statistics.generatedTokens) generated tokens in \(String(format: "%.3f", total)) s "
            + "(\(String(format: "%.1f", Double(statistics.generatedTokens) / total)) tokens/s overall; "
            + "model and tokenizer loaded in \(String(format: "%.2f", BenchCommand.seconds(load))) s)"
    }
}
