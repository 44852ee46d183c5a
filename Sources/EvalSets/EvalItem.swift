public import Foundation
public import Puzzles

/// One line of a test-set file, as read back for scoring.
public struct EvalItem: Codable, Equatable, Sendable {
    public var id: String
    public var set: String
    public var n: Int
    public var numbers: [Int64]
    public var target: Int64
    public var prompt: String
    public var response: String

    public var puzzle: Puzzle { Puzzle(numbers: numbers, target: target) }

    /// Reads a JSONL test-set file; a malformed line is an error naming the file and line.
    public static func readAll(from url: URL) throws(EvalSetError) -> [EvalItem] {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw .unreadable(path: url.path, reason: "no such file or not readable")
        }
        let decoder = JSONDecoder()
        var items: [EvalItem] = []
        for (offset, line) in data.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated()
        where !line.isEmpty {
            let item: EvalItem
            do {
                item = try decoder.decode(EvalItem.self, from: Data(line))
            } catch {
                throw .malformedLine(path: url.path, line: offset + 1, reason: "not a test-set item: \(error)")
            }
            guard item.prompt == item.puzzle.prompt, item.numbers.count == item.n else {
                throw .malformedLine(path: url.path, line: offset + 1,
                                     reason: "prompt, n and numbers/target disagree for item \(item.id)")
            }
            items.append(item)
        }
        return items
    }
}
