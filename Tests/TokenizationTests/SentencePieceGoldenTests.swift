import Foundation
import Testing
import Tokenization

/// tokenizer.model against the sentencepiece library and transformers 4.x slow LlamaTokenizer.
@Suite("SentencePiece tokenizer matches sentencepiece and the slow LlamaTokenizer")
struct SentencePieceGoldenTests {
    static let tokenizer = Result { try Tokenizer.load(directory: FixturePaths.directory("tokenizer"), kind: .sentencePiece) }
    static let addedTokenizer = Result {
        try Tokenizer.load(directory: FixturePaths.directory("tokenizer-added"), kind: .sentencePiece)
    }

    @Test("the golden files hold the expected number of strings")
    func goldenCounts() {
        #expect(GoldenFile.plain.count == 61)
        #expect(GoldenFile.added.count >= 10)
    }

    @Test("loads as a SentencePiece tokenizer with OpenLLaMA's special tokens")
    func properties() throws {
        let tokenizer = try Self.tokenizer.get()
        #expect(tokenizer.kind == .sentencePiece)
        #expect(tokenizer.vocabularySize == 512)
        #expect(tokenizer.bosTokenID == 1)
        #expect(tokenizer.eosTokenID == 2)
        #expect(tokenizer.unknownTokenID == 0)
        #expect(tokenizer.padTokenID == nil)
        #expect(tokenizer.addsBOS)
        #expect(!tokenizer.addsEOS)
        #expect(tokenizer.bosToken == "<s>")
    }

    @Test("encodes every golden string exactly as sentencepiece does", arguments: GoldenFile.plain)
    func encode(_ golden: GoldenCase) throws {
        let tokenizer = try Self.tokenizer.get()
        #expect(tokenizer.encode(golden.text, addSpecialTokens: false) == golden.sentencepiece.ids)
        #expect(tokenizer.encode(golden.text, addSpecialTokens: true) == [1] + golden.sentencepiece.ids)
    }

    @Test("decodes sentencepiece's ids to sentencepiece's text", arguments: GoldenFile.plain)
    func decodeLikeSentencePiece(_ golden: GoldenCase) throws {
        let tokenizer = try Self.tokenizer.get()
        #expect(tokenizer.decode(golden.sentencepiece.ids, skipSpecialTokens: true) == golden.sentencepiece.decode)
        #expect(tokenizer.decode([1] + golden.sentencepiece.ids, skipSpecialTokens: true) == golden.sentencepiece.decode)
    }

    @Test("decodes the slow tokenizer's ids as it does, with and without special tokens", arguments: GoldenFile.plain)
    func decodeLikeSlowTokenizer(_ golden: GoldenCase) throws {
        let tokenizer = try Self.tokenizer.get()
        let slow = golden.transformers4Slow
        let ids = try #require(slow.idsWithSpecial)
        #expect(tokenizer.decode(ids, skipSpecialTokens: true) == slow.decodeSkipSpecial)
        #expect(tokenizer.decode(ids, skipSpecialTokens: false) == slow.decodeKeepSpecial)
    }

    @Test("with added tokens: splits on tokens beyond the vocabulary like the slow tokenizer", arguments: GoldenFile.added)
    func encodeWithAddedTokens(_ golden: GoldenCase) throws {
        let tokenizer = try Self.addedTokenizer.get()
        // The slow tokenizer also maps the spelling of <s>, </s>, <unk>; sentencepiece (and we) do not.
        let mentionsModelSpecials = ["<s>", "</s>", "<unk>"].contains { golden.text.contains($0) }
        let expected = mentionsModelSpecials ? golden.sentencepiece.ids : golden.transformers4Slow.ids
        #expect(tokenizer.encode(golden.text, addSpecialTokens: false) == expected)
    }

    @Test("with added tokens: decodes as the slow tokenizer does", arguments: GoldenFile.added)
    func decodeWithAddedTokens(_ golden: GoldenCase) throws {
        let tokenizer = try Self.addedTokenizer.get()
        let slow = golden.transformers4Slow
        let ids = try #require(slow.idsWithSpecial)
        #expect(tokenizer.decode(ids, skipSpecialTokens: true) == slow.decodeSkipSpecial)
        #expect(tokenizer.decode(ids, skipSpecialTokens: false) == slow.decodeKeepSpecial)
    }

    @Test("with added tokens: the vocabulary grows and [PAD] is the pad token")
    func addedProperties() throws {
        let tokenizer = try Self.addedTokenizer.get()
        #expect(tokenizer.vocabularySize == 514)
        #expect(tokenizer.padTokenID == 512)
        #expect(tokenizer.padToken == "[PAD]")
        #expect(tokenizer.tokenID(of: "<sep>") == 513)
    }
}
