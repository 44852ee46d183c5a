import Foundation
import Testing
import Tokenization

/// tokenizer.json against the Hugging Face tokenizers library.
@Suite("tokenizer.json tokenizer matches the tokenizers library")
struct TokenizerJSONGoldenTests {
    static let converted = Result { try Tokenizer.load(directory: FixturePaths.directory("tokenizer")) }
    static let legacyMerges = Result { try Tokenizer.load(directory: FixturePaths.directory("tokenizer-legacy-merges")) }
    static let metaspace = Result { try Tokenizer.load(directory: FixturePaths.directory("tokenizer-v5")) }
    static let added = Result { try Tokenizer.load(directory: FixturePaths.directory("tokenizer-added")) }

    @Test("a directory with both files loads tokenizer.json, as AutoTokenizer does")
    func prefersTokenizerJSON() throws {
        let tokenizer = try Self.converted.get()
        #expect(tokenizer.kind == .tokenizerJSON)
        #expect(tokenizer.vocabularySize == 512)
        #expect(tokenizer.bosTokenID == 1)
        #expect(tokenizer.eosTokenID == 2)
        #expect(tokenizer.unknownTokenID == 0)
        #expect(tokenizer.padTokenID == nil)
        #expect(tokenizer.addsBOS)
        #expect(try Self.metaspace.get().addsBOS)
    }

    @Test("legacy pipeline (Prepend + Replace) encodes as tokenizers does", arguments: GoldenFile.plain)
    func encodeConverted(_ golden: GoldenCase) throws {
        let tokenizer = try Self.converted.get()
        #expect(tokenizer.encode(golden.text, addSpecialTokens: false) == golden.tokenizersJSON.ids)
        #expect(tokenizer.encode(golden.text, addSpecialTokens: true) == golden.tokenizersJSON.idsWithSpecial)
    }

    @Test("\"a b\" string merges encode like [\"a\", \"b\"] pair merges", arguments: GoldenFile.plain)
    func encodeLegacyMerges(_ golden: GoldenCase) throws {
        let tokenizer = try Self.legacyMerges.get()
        #expect(tokenizer.encode(golden.text, addSpecialTokens: false) == golden.tokenizersJSON.ids)
    }

    @Test("legacy pipeline decodes as tokenizers 0.22 under transformers 4.x does", arguments: GoldenFile.plain)
    func decodeConverted(_ golden: GoldenCase) throws {
        let tokenizer = try Self.converted.get()
        let fast = golden.transformers4Fast
        let ids = try #require(fast.idsWithSpecial)
        #expect(tokenizer.decode(ids, skipSpecialTokens: true) == fast.decodeSkipSpecial)
        #expect(tokenizer.decode(ids, skipSpecialTokens: false) == fast.decodeKeepSpecial)
    }

    @Test("Metaspace pipeline (transformers 5.x) encodes and decodes as tokenizers does", arguments: GoldenFile.plain)
    func metaspace(_ golden: GoldenCase) throws {
        let tokenizer = try Self.metaspace.get()
        let reference = try #require(golden.tokenizersV5JSON)
        #expect(tokenizer.encode(golden.text, addSpecialTokens: false) == reference.ids)
        #expect(tokenizer.encode(golden.text, addSpecialTokens: true) == reference.idsWithSpecial)
        let ids = try #require(reference.idsWithSpecial)
        #expect(tokenizer.decode(ids, skipSpecialTokens: true) == reference.decodeSkipSpecial)
        #expect(tokenizer.decode(ids, skipSpecialTokens: false) == reference.decodeKeepSpecial)
    }

    @Test("added tokens (special [PAD], plain normalized <sep>) are matched as tokenizers does", arguments: GoldenFile.added)
    func addedTokens(_ golden: GoldenCase) throws {
        let tokenizer = try Self.added.get()
        #expect(tokenizer.encode(golden.text, addSpecialTokens: false) == golden.tokenizersJSON.ids)
        #expect(tokenizer.encode(golden.text, addSpecialTokens: true) == golden.tokenizersJSON.idsWithSpecial)
        let fast = golden.transformers4Fast
        let ids = try #require(fast.idsWithSpecial)
        #expect(tokenizer.decode(ids, skipSpecialTokens: true) == fast.decodeSkipSpecial)
        #expect(tokenizer.decode(ids, skipSpecialTokens: false) == fast.decodeKeepSpecial)
    }

    @Test("added tokens extend the vocabulary to 514 with [PAD] as pad")
    func addedProperties() throws {
        let tokenizer = try Self.added.get()
        #expect(tokenizer.kind == .tokenizerJSON)
        #expect(tokenizer.vocabularySize == 514)
        #expect(tokenizer.padTokenID == 512)
        #expect(tokenizer.tokenID(of: "<sep>") == 513)
    }
}
