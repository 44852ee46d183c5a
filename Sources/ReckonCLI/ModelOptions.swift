import ArgumentParser
import Foundation
import Tokenization

/// Where a model lives: a Hugging Face directory, an optional PEFT adapter, and which tokenizer file to use.
struct ModelOptions: ParsableArguments {
    @Option(help: "Hugging Face model directory (config.json, weights, tokenizer files).")
    var model: String

    @Option(help: "PEFT LoRA adapter directory, merged into the weights at load.")
    var adapter: String?

    @Option(help: ArgumentHelp(
        "Tokenizer file to use: tokenizer.json or sentencepiece (tokenizer.model).",
        discussion: "Default: tokenizer.json when the directory has one, else tokenizer.model, as AutoTokenizer does."))
    var tokenizer: String?

    var modelURL: URL { URL(fileURLWithPath: model) }
    var adapterURL: URL? { adapter.map { URL(fileURLWithPath: $0) } }

    func validate() throws {
        if let tokenizer, Tokenizer.Kind(rawValue: tokenizer) == nil {
            throw ValidationError("--tokenizer must be tokenizer.json or sentencepiece, not '\(tokenizer)'")
        }
    }

    func loadTokenizer() throws -> Tokenizer {
        try Tokenizer.load(directory: modelURL, kind: tokenizer.flatMap(Tokenizer.Kind.init(rawValue:)))
    }
}
