import Foundation
import Testing
import Tokenization

/// Ids published for the real OpenLLaMA v1 tokenizer (open_llama issue 40,
/// transformers issues 24233 and 25069), checked when RECKON_OPENLLAMA_TOKENIZER_DIR names a
/// directory holding open_llama_3b's (or 7b's, same tokenizer) tokenizer.model and configs.
@Suite(
    "OpenLLaMA v1 published token ids",
    .enabled(if: ProcessInfo.processInfo.environment["RECKON_OPENLLAMA_TOKENIZER_DIR"] != nil))
struct OpenLLaMAVectorTests {
    static let vectors: [(String, [Int])] = [
        ("hello world", [1, 27701, 924]),
        ("hello     world", [1, 27701, 924]),
        ("hello\nworld", [1, 27701, 13, 7904]),
        ("hello\n world", [1, 27701, 13, 924]),
        ("thermal", [1, 14412]),
        ("a    b", [1, 260, 284]),
    ]

    @Test("the slow tokenizer's published ids")
    func publishedIDs() throws {
        let path = try #require(ProcessInfo.processInfo.environment["RECKON_OPENLLAMA_TOKENIZER_DIR"])
        let tokenizer = try Tokenizer.load(directory: URL(fileURLWithPath: path), kind: .sentencePiece)
        #expect(tokenizer.vocabularySize == 32000)
        #expect(tokenizer.bosTokenID == 1 && tokenizer.eosTokenID == 2 && tokenizer.addsBOS)
        for (text, ids) in Self.vectors {
            #expect(tokenizer.encode(text) == ids, "\(text.debugDescription)")
        }
        // "1234.56 </s>" without the HF special-token split: a bare "▁" then one token per digit.
        #expect(tokenizer.encode("1234.56", addSpecialTokens: false) == [31822, 31853, 31855, 31878, 31882, 31843, 31880, 31887])
    }
}
