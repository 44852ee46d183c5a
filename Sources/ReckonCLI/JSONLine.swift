import Foundation
import Puzzles

/// One line of a JSONL input, read as an object, with errors that name the file and line.
enum JSONLine {
    static func object(_ line: ArraySlice<UInt8>, lineNumber: Int, source: String) throws -> [String: Any] {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(line))
        } catch {
            throw CommandError("\(source):\(lineNumber): not valid JSON")
        }
        guard let fields = object as? [String: Any] else {
            throw CommandError("\(source):\(lineNumber): expected a JSON object")
        }
        return fields
    }

    /// The string field `name` of a line's object, which the line must have.
    static func requiredString(_ name: String, of fields: [String: Any], lineNumber: Int, source: String) throws
        -> String {
        guard let value = fields[name] as? String else {
            throw CommandError("\(source):\(lineNumber): missing string field \"\(name)\"")
        }
        return value
    }

    /// The puzzle of a line's `prompt` field.
    static func puzzle(prompt: String, lineNumber: Int, source: String) throws -> Puzzle {
        do {
            return try PromptParser.parse(prompt)
        } catch {
            throw CommandError("\(source):\(lineNumber): \(error)")
        }
    }
}
