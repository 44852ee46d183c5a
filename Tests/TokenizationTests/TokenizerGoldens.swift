import Foundation

/// Package-relative fixture paths, computed from this file's location.
enum FixturePaths {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func directory(_ name: String) -> URL {
        packageRoot.appendingPathComponent("Tests/Fixtures").appendingPathComponent(name)
    }
}

/// One reference library's results for a golden string (`goldens.json`, written by
/// scripts/fixtures/make_fixtures.py).
struct GoldenResult: Decodable, Sendable {
    let ids: [Int]
    let idsWithSpecial: [Int]?
    let decode: String?
    let decodeSkipSpecial: String?
    let decodeKeepSpecial: String?

    enum CodingKeys: String, CodingKey {
        case ids
        case idsWithSpecial = "ids_with_special"
        case decode
        case decodeSkipSpecial = "decode_skip_special"
        case decodeKeepSpecial = "decode_keep_special"
    }
}

struct GoldenCase: Decodable, Sendable, CustomStringConvertible {
    let name: String
    let text: String
    let sentencepiece: GoldenResult
    let tokenizersJSON: GoldenResult
    let tokenizersV5JSON: GoldenResult?
    let transformers4Slow: GoldenResult
    let transformers4Fast: GoldenResult

    enum CodingKeys: String, CodingKey {
        case name, text, sentencepiece
        case tokenizersJSON = "tokenizers_json"
        case tokenizersV5JSON = "tokenizers_v5_json"
        case transformers4Slow = "transformers4_slow"
        case transformers4Fast = "transformers4_fast"
    }

    var description: String { name }
}

struct GoldenFile: Decodable, Sendable {
    let cases: [GoldenCase]

    static func load(_ directory: String) -> [GoldenCase] {
        let url = FixturePaths.directory(directory).appendingPathComponent("goldens.json")
        do {
            return try JSONDecoder().decode(GoldenFile.self, from: Data(contentsOf: url)).cases
        } catch {
            // Surfaces as zero test arguments plus this message; the count tests below then fail.
            print("cannot read \(url.path): \(error)")
            return []
        }
    }

    static let plain = load("tokenizer")
    static let added = load("tokenizer-added")
}
