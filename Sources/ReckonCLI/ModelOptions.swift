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

    var modelURL: URL { get throws { try ModelDirectory.url(model) } }
    var adapterURL: URL? { adapter.map { URL(fileURLWithPath: $0) } }

    func validate() throws {
        guard tokenizer == "auto" || Tokenizer.Kind(rawValue: tokenizer) != nil else {
            throw ValidationError("--tokenizer must be auto, tokenizer.json or sentencepiece, not '\(tokenizer)'")
        }
    }

    /// nil for auto: the loader then chooses as AutoTokenizer does.
    var tokenizerKind: Tokenizer.Kind? { Tokenizer.Kind(rawValue: tokenizer) }

    func loadTokenizer() throws -> Tokenizer {
        try Tokenizer.load(directory: try modelURL, kind: tokenizerKind)
    }
}

extension LoadedLlama {
    init(_ options: ModelOptions) throws {
        try self.init(
            model: try options.modelURL, adapter: options.adapterURL, weights: options.weights,
            tokenizerKind: options.tokenizerKind)
    }
}

/// `--model DIR` checked before anything reads it, so that every command that takes a model says the
/// same thing about a mistyped path rather than naming the first file it missed.
enum ModelDirectory {
    static func url(_ path: String) throws -> URL {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CommandError("--model \(path): no such directory")
        }
        return URL(fileURLWithPath: path)
    }
}
