import JSONDocument
import Puzzles

/// One line of a JSONL input, read with the project's strict parser, with errors that name the file
/// and line and say why the line is not JSON.
enum JSONLine {
    /// Duplicate keys are kept (the last one wins) and a byte order mark skipped, as Foundation's
    /// reader that these inputs were read with before did.
    private static let options = JSONParseOptions(refusesDuplicateKeys: false, skipsByteOrderMark: true)

    static func value(_ line: ArraySlice<UInt8>, lineNumber: Int, source: String) throws -> JSONValue {
        do {
            return try JSONValue.parse(Array(line), options: options)
        } catch {
            throw CommandError("\(source):\(lineNumber): not valid JSON: \(error.reason) at byte \(error.offset) of the line")
        }
    }

    static func object(_ line: ArraySlice<UInt8>, lineNumber: Int, source: String) throws -> JSONObject {
        guard let fields = try value(line, lineNumber: lineNumber, source: source).members else {
            throw CommandError("\(source):\(lineNumber): expected a JSON object")
        }
        return fields
    }

    /// The string field `name` of a line's object, which the line must have.
    static func requiredString(_ name: String, of fields: JSONObject, lineNumber: Int, source: String) throws
        -> String {
        guard let value = fields[name]?.stringValue else {
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
