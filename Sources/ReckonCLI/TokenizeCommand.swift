import ArgumentParser
import Foundation
import Puzzles
import Tokenization

struct TokenizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenize",
        abstract: "Text lines in (standard input), one JSON array of token ids per line out.",
        discussion: """
            Each input line, exactly as it is apart from its newline, is encoded. Without --bos no \
            special tokens are added.
            """
    )

    @OptionGroup var modelOptions: ModelOptions

    @Flag(help: "Put the tokenizer's BOS token first.")
    var bos = false

    @OptionGroup var streams: StreamOptions

    func run() throws {
        let tokenizer = try modelOptions.loadTokenizer()
        var prefix: [Int] = []
        if bos {
            guard let id = tokenizer.bosTokenID else { throw CommandError("--bos: the tokenizer has no BOS token") }
            prefix = [id]
        }
        let source = try streams.openInput()
        let output = try streams.openOutput()
        var buffer: [UInt8] = []
        while let (lineNumber, line) = try source.nextLine() {
            guard let text = String(validating: line, as: UTF8.self) else {
                throw CommandError("\(source.name):\(lineNumber): not valid UTF-8")
            }
            let ids = prefix + tokenizer.encode(text, addSpecialTokens: false)
            buffer.append(contentsOf: "[\(ids.map(String.init).joined(separator: ","))]\n".utf8)
            if buffer.count >= 1 << 20 {
                try output.write(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        try output.write(buffer)
        try output.finish()
    }
}

struct DetokenizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detokenize",
        abstract: "JSON arrays of token ids in (one per line), decoded text lines out.",
        discussion: "Decoded text that itself holds a newline spans several output lines."
    )

    @OptionGroup var modelOptions: ModelOptions

    @Flag(help: "Leave out special tokens (BOS, EOS, PAD, UNK and special added tokens).")
    var skipSpecialTokens = false

    @OptionGroup var streams: StreamOptions

    func run() throws {
        let tokenizer = try modelOptions.loadTokenizer()
        let source = try streams.openInput()
        let output = try streams.openOutput()
        var buffer: [UInt8] = []
        while let (lineNumber, line) = try source.nextLine() {
            let location = "\(source.name):\(lineNumber)"
            let ids: [Int]
            do {
                ids = try JSONDecoder().decode([Int].self, from: Data(line))
            } catch {
                throw CommandError("\(location): expected a JSON array of integer token ids")
            }
            if let bad = ids.first(where: { $0 < 0 || $0 >= tokenizer.vocabularySize }) {
                throw CommandError("\(location): \(bad) is not a token id in 0..<\(tokenizer.vocabularySize)")
            }
            buffer.append(contentsOf: (tokenizer.decode(ids, skipSpecialTokens: skipSpecialTokens) + "\n").utf8)
        }
        try output.write(buffer)
        try output.finish()
    }
}
