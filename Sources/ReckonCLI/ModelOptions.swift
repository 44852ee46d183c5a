import ArgumentParser
import Checkpoint
import Foundation
import LocalBackend
import Tokenization

/// Where a model lives: a Hugging Face directory, an optional PEFT adapter, and which tokenizer file to use.
struct ModelOptions: ParsableArguments {
    @Option(help: "Hugging Face model directory (config.json, weights, tokenizer files).")
    var model: String

    @Option(help: "PEFT LoRA adapter directory, merged into float32 weights at load (kept beside 16-bit ones).")
    var adapter: String?

    @Option(help: WeightsOption.help)
    var weights: WeightPrecision = .auto

    @Option(help: ArgumentHelp(
        "Tokenizer file to use: auto, tokenizer.json or sentencepiece (tokenizer.model).",
        discussion: "auto (the default): tokenizer.json when the directory has one, else tokenizer.model, as AutoTokenizer does."))
    var tokenizer = "auto"

    var modelURL: URL { URL(fileURLWithPath: model) }
    var adapterURL: URL? { adapter.map { URL(fileURLWithPath: $0) } }

    func validate() throws {
        guard tokenizer == "auto" || Tokenizer.Kind(rawValue: tokenizer) != nil else {
            throw ValidationError("--tokenizer must be auto, tokenizer.json or sentencepiece, not '\(tokenizer)'")
        }
    }

    /// nil for auto: the loader then chooses as AutoTokenizer does.
    var tokenizerKind: Tokenizer.Kind? { Tokenizer.Kind(rawValue: tokenizer) }

    func loadTokenizer() throws -> Tokenizer {
        try Tokenizer.load(directory: modelURL, kind: tokenizerKind)
    }
}

extension LoadedLlama {
    init(_ options: ModelOptions) throws {
        try self.init(
            model: options.modelURL, adapter: options.adapterURL, weights: options.weights,
            tokenizerKind: options.tokenizerKind)
    }
}
