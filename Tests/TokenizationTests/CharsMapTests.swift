import Foundation
import Testing
import Tokenization

/// A normalizer with a precompiled chars map and user-defined pieces, against sentencepiece.
@Suite("SentencePiece chars-map normalization and user-defined pieces")
struct CharsMapTests {
    struct Case: Decodable, CustomStringConvertible {
        let text: String
        let ids: [Int]
        let decode: String
        let slowDecodeSkipSpecial: String
        let slowDecodeKeepSpecial: String

        enum CodingKeys: String, CodingKey {
            case text, ids, decode
            case slowDecodeSkipSpecial = "slow_decode_skip_special"
            case slowDecodeKeepSpecial = "slow_decode_keep_special"
        }

        var description: String { text.debugDescription }
    }

    struct File: Decodable { let cases: [Case] }

    static let directory = FixturePaths.directory("tokenizer-charsmap")
    static let cases: [Case] = {
        let url = directory.appendingPathComponent("goldens.json")
        return (try? JSONDecoder().decode(File.self, from: Data(contentsOf: url)).cases) ?? []
    }()
    static let tokenizer = Result { try Tokenizer.load(directory: directory) }

    @Test("the golden file holds its 26 strings")
    func count() {
        #expect(Self.cases.count == 26)
    }

    @Test("encodes as sentencepiece does", arguments: cases)
    func encodesLikeSentencePiece(_ golden: Case) throws {
        let tokenizer = try Self.tokenizer.get()
        #expect(tokenizer.kind == .sentencePiece)
        #expect(tokenizer.encode(golden.text, addSpecialTokens: false) == golden.ids)
        #expect(tokenizer.encode(golden.text) == [1] + golden.ids)
    }

    /// With remove_extra_whitespaces=false the slow tokenizer drops a leading whitespace-only piece
    /// that sentencepiece's decode keeps (" lead" -> "lead"); we follow transformers.
    @Test("decodes as the slow LlamaTokenizer does", arguments: cases)
    func decodesLikeSlowTokenizer(_ golden: Case) throws {
        let tokenizer = try Self.tokenizer.get()
        #expect(tokenizer.decode([1] + golden.ids, skipSpecialTokens: true) == golden.slowDecodeSkipSpecial)
        #expect(tokenizer.decode([1] + golden.ids, skipSpecialTokens: false) == golden.slowDecodeKeepSpecial)
    }
}
