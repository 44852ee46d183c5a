import Foundation
import Testing
import Tokenization

/// Random strings checked against sentencepiece and tokenizers. The reference ids come from
/// scripts/tokenization/differential_strings.py; the suite runs only when
/// RECKON_TOKENIZER_DIFF names that script's output. RECKON_TOKENIZER_DIFF_SP_DIR and
/// RECKON_TOKENIZER_DIFF_JSON_DIR replace the fixture directories (tokenizer.model, tokenizer.json)
/// to check another model the same way; fields missing from a case are not checked.
@Suite(
    "Differential check against sentencepiece and tokenizers on random strings",
    .enabled(if: ProcessInfo.processInfo.environment["RECKON_TOKENIZER_DIFF"] != nil))
struct DifferentialTests {
    struct Case: Decodable {
        let text: String?
        let decodeIDs: [Int]?
        let sentencepiece: [Int]?
        let sentencepieceDecode: String?
        let tokenizersJSON: [Int]?
        let tokenizersV5JSON: [Int]?
        let tokenizersV5Decode: String?
        let tokenizersAddedJSON: [Int]?

        enum CodingKeys: String, CodingKey {
            case text, sentencepiece
            case decodeIDs = "decode_ids"
            case sentencepieceDecode = "sentencepiece_decode"
            case tokenizersJSON = "tokenizers_json"
            case tokenizersV5JSON = "tokenizers_v5_json"
            case tokenizersV5Decode = "tokenizers_v5_decode"
            case tokenizersAddedJSON = "tokenizers_added_json"
        }
    }

    struct File: Decodable { let cases: [Case] }

    @Test("every random string and id sequence matches the reference libraries")
    func randomStrings() throws {
        let path = try #require(ProcessInfo.processInfo.environment["RECKON_TOKENIZER_DIFF"])
        let cases = try JSONDecoder().decode(File.self, from: Data(contentsOf: URL(fileURLWithPath: path))).cases
        let environment = ProcessInfo.processInfo.environment
        let sentencePieceDirectory = environment["RECKON_TOKENIZER_DIFF_SP_DIR"].map { URL(fileURLWithPath: $0) }
        let jsonDirectory = environment["RECKON_TOKENIZER_DIFF_JSON_DIR"].map { URL(fileURLWithPath: $0) }
        let sentencePiece = try Tokenizer.load(
            directory: sentencePieceDirectory ?? FixturePaths.directory("tokenizer"), kind: .sentencePiece)
        let converted = try Tokenizer.load(directory: jsonDirectory ?? FixturePaths.directory("tokenizer"), kind: .tokenizerJSON)
        let metaspace = try Tokenizer.load(directory: FixturePaths.directory("tokenizer-v5"))
        let added = try Tokenizer.load(directory: FixturePaths.directory("tokenizer-added"))
        var failures = 0
        for item in cases {
            if let text = item.text {
                let checks: [(String, [Int], [Int]?)] = [
                    ("sentencepiece", sentencePiece.encode(text, addSpecialTokens: false), item.sentencepiece),
                    ("tokenizer.json", converted.encode(text, addSpecialTokens: false), item.tokenizersJSON),
                    ("v5 tokenizer.json", metaspace.encode(text, addSpecialTokens: false), item.tokenizersV5JSON),
                    ("added tokenizer.json", added.encode(text, addSpecialTokens: false), item.tokenizersAddedJSON),
                ]
                for (name, actual, expected) in checks where expected != nil && actual != expected {
                    failures += 1
                    Issue.record("\(name) \(text.debugDescription): \(actual) != \(expected ?? [])")
                }
                if let ids = item.sentencepiece, sentencePiece.decode(ids, skipSpecialTokens: true) != item.sentencepieceDecode {
                    failures += 1
                    Issue.record("sentencepiece decode \(ids): \(sentencePiece.decode(ids).debugDescription) != \(item.sentencepieceDecode.debugDescription)")
                }
                if let ids = item.tokenizersV5JSON, item.tokenizersV5Decode != nil, metaspace.decode(ids) != item.tokenizersV5Decode {
                    failures += 1
                    Issue.record("v5 decode \(ids): \(metaspace.decode(ids).debugDescription) != \(item.tokenizersV5Decode.debugDescription)")
                }
            } else if let ids = item.decodeIDs {
                if sentencePiece.decode(ids) != item.sentencepieceDecode {
                    failures += 1
                    Issue.record("sentencepiece decode \(ids): \(sentencePiece.decode(ids).debugDescription) != \(item.sentencepieceDecode.debugDescription)")
                }
                if item.tokenizersV5Decode != nil, metaspace.decode(ids) != item.tokenizersV5Decode {
                    failures += 1
                    Issue.record("v5 decode \(ids): \(metaspace.decode(ids).debugDescription) != \(item.tokenizersV5Decode.debugDescription)")
                }
            }
            if failures > 30 { break }
        }
        #expect(failures == 0)
    }
}
