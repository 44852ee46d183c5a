import Foundation

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
}
