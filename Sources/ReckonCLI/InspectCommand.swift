import ArgumentParser
import Checkpoint
import Foundation
import Puzzles
import Tokenization

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Describe a checkpoint: architecture, parameters, dtypes, files, tokenizer and adapter.",
        discussion: "Every check of loading runs (names, shapes, offsets, adapter fit); nothing is converted."
    )

    @OptionGroup var modelOptions: ModelOptions

    func run() throws {
        let summary = try LlamaCheckpoint.summarize(
            directory: try modelOptions.modelURL, adapter: modelOptions.adapterURL, weights: modelOptions.weights)
        print(summary.description)
        let tokenizer = try modelOptions.loadTokenizer()
        func token(_ name: String, _ text: String?, _ id: Int?) -> String {
            guard let id else { return "\(name): none" }
            return "\(name): \(id) \(text.map { JSONText.quoted($0) } ?? "")"
        }
        print("""
            tokenizer: \(tokenizer.kind), \(tokenizer.vocabularySize) tokens, \
            adds BOS: \(tokenizer.addsBOS ? "yes" : "no"), adds EOS: \(tokenizer.addsEOS ? "yes" : "no")
              \(token("bos", tokenizer.bosToken, tokenizer.bosTokenID)); \
            \(token("eos", tokenizer.eosToken, tokenizer.eosTokenID)); \
            \(token("pad", tokenizer.padToken, tokenizer.padTokenID)); \
            \(token("unk", tokenizer.unknownToken, tokenizer.unknownTokenID))
            """)
    }
}
