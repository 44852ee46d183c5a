import Foundation
import Testing
import Tokenization

/// BOS/EOS handling from tokenizer_config.json, and round trips through encode and decode.
@Suite("Special tokens and round trips")
struct SpecialTokenTests {
    static func directory(copying files: [String], config: [String: Any]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("reckon-special-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for name in files {
            try FileManager.default.copyItem(
                at: FixturePaths.directory("tokenizer").appendingPathComponent(name), to: url.appendingPathComponent(name))
        }
        try JSONSerialization.data(withJSONObject: config).write(to: url.appendingPathComponent("tokenizer_config.json"))
        return url
    }

    @Test("add_eos_token and add_bos_token change what addSpecialTokens adds", arguments: ["tokenizer.model", "tokenizer.json"])
    func bosAndEOSFlags(file: String) throws {
        let eos = try Tokenizer.load(directory: Self.directory(copying: [file], config: ["add_eos_token": true]))
        #expect(eos.addsBOS && eos.addsEOS)
        #expect(eos.encode("1, 2: 3") == [1] + eos.encode("1, 2: 3", addSpecialTokens: false) + [2])
        let none = try Tokenizer.load(directory: Self.directory(copying: [file], config: ["add_bos_token": false]))
        #expect(!none.addsBOS && !none.addsEOS)
        #expect(none.encode("1, 2: 3") == none.encode("1, 2: 3", addSpecialTokens: false))
    }

    @Test("a tokenizer.model alone gets LlamaTokenizer's defaults")
    func sentencePieceAlone() throws {
        let tokenizer = try Tokenizer.loadSentencePiece(file: FixturePaths.directory("tokenizer").appendingPathComponent("tokenizer.model"))
        #expect(tokenizer.kind == .sentencePiece)
        #expect(tokenizer.addsBOS && !tokenizer.addsEOS)
        #expect(tokenizer.bosToken == "<s>" && tokenizer.eosToken == "</s>" && tokenizer.unknownToken == "<unk>")
        #expect(tokenizer.padTokenID == nil)
    }

    @Test("a tokenizer.json alone adds what its post-processor says")
    func tokenizerJSONAlone() throws {
        let tokenizer = try Tokenizer.loadTokenizerJSON(file: FixturePaths.directory("tokenizer").appendingPathComponent("tokenizer.json"))
        #expect(tokenizer.kind == .tokenizerJSON)
        #expect(tokenizer.addsBOS && !tokenizer.addsEOS)
        #expect(tokenizer.eosTokenID == 2)
    }

    @Test("skipSpecialTokens drops BOS and EOS; out-of-range ids are skipped")
    func decodeSkipsSpecials() throws {
        for kind in [Tokenizer.Kind.sentencePiece, .tokenizerJSON] {
            let tokenizer = try Tokenizer.load(directory: FixturePaths.directory("tokenizer"), kind: kind)
            let ids = tokenizer.encode("58-51=7")
            #expect(tokenizer.decode(ids + [2], skipSpecialTokens: true) == "58-51=7")
            #expect(tokenizer.decode(ids + [2, 99_999, -1], skipSpecialTokens: false).hasSuffix("</s>"))
        }
    }

    /// Texts whose normalization changes nothing: no leading, trailing or repeated spaces, no
    /// U+2581 and no special-token spelling.
    static let plainTexts = GoldenFile.plain.map(\.text).filter { text in
        !text.hasPrefix(" ") && !text.hasSuffix(" ") && !text.contains("  ") && !text.contains("\u{2581}")
            && !["<s>", "</s>", "<unk>"].contains { text.contains($0) }
    }

    @Test("decode(encode(text)) gives the text back in both formats")
    func roundTrips() throws {
        #expect(Self.plainTexts.count > 40)
        for kind in [Tokenizer.Kind.sentencePiece, .tokenizerJSON] {
            let tokenizer = try Tokenizer.load(directory: FixturePaths.directory("tokenizer"), kind: kind)
            for text in Self.plainTexts {
                #expect(tokenizer.decode(tokenizer.encode(text)) == text, "\(kind): \(text.debugDescription)")
            }
        }
    }
}
