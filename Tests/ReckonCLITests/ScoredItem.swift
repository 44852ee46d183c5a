import Foundation

/// The fields of an items.jsonl line that two runs of the same puzzles are compared on.
struct ScoredItem: Decodable, Equatable {
    var id: String
    var completion: String
    var generated_tokens: Int
    var stop: String
    var valid: Bool
    var error: String?
    /// Valid with a calculator (`docs/rules.md` section 7).
    var calculator: Bool?

    /// Every line of a run directory's items.jsonl.
    static func all(in directory: URL) throws -> [ScoredItem] {
        try String(contentsOf: directory.appendingPathComponent("items.jsonl"), encoding: .utf8)
            .split(separator: "\n").map { try JSONDecoder().decode(ScoredItem.self, from: Data($0.utf8)) }
    }
}
