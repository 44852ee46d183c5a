import Foundation
import Testing
import Tokenization

/// tokenizer.json options the shipped fixtures do not use (Metaspace "always"/"never" and split,
/// Metaspace decoder, added-token flags, ignore_merges without byte fallback), against tokenizers.
@Suite("tokenizer.json pipeline variants match the tokenizers library")
struct PipelineVariantTests {
    struct Case: Decodable, CustomStringConvertible {
        let text: String
        let ids: [Int]
        let idsOlder: [Int]
        /// tokenizers 0.22 (transformers 4.x): added tokens decode as their content. 0.23 decodes a
        /// normalized added token through its normalized form; we follow 0.22.
        let decodeKeepSpecialOlder: String

        enum CodingKeys: String, CodingKey {
            case text, ids
            case idsOlder = "ids_0_22"
            case decodeKeepSpecialOlder = "decode_keep_special_0_22"
        }

        var description: String { text.debugDescription }
    }

    struct File: Decodable { let variants: [String: [Case]] }

    static let root = FixturePaths.directory("tokenizer-variants")
    static let variants: [String: [Case]] = {
        let url = root.appendingPathComponent("goldens.json")
        return (try? JSONDecoder().decode(File.self, from: Data(contentsOf: url)).variants) ?? [:]
    }()

    static let arguments: [(String, Case)] = variants.keys.sorted().flatMap { name in
        (variants[name] ?? []).map { (name, $0) }
    }

    @Test("the golden file covers four variants of 24 strings")
    func counts() {
        #expect(Self.variants.keys.sorted() == ["added-flags", "ignore-merges", "metaspace-always-split", "metaspace-never"])
        #expect(Self.arguments.count == 96)
    }

    @Test("encodes as tokenizers 0.23 and 0.22 do, decodes as 0.22 does", arguments: arguments)
    func matchesTokenizers(variant: String, golden: Case) throws {
        let tokenizer = try Tokenizer.loadTokenizerJSON(file: Self.root.appendingPathComponent(variant).appendingPathComponent("tokenizer.json"))
        #expect(tokenizer.encode(golden.text, addSpecialTokens: false) == golden.ids)
        #expect(golden.ids == golden.idsOlder)
        #expect(tokenizer.decode(golden.ids, skipSpecialTokens: false) == golden.decodeKeepSpecialOlder)
    }
}
