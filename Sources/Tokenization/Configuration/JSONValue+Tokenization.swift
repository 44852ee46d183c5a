import Foundation
import JSONDocument

// tokenizer.json and the tokenizer configs are read as tokenizers (serde_json) and transformers
// read them: a leading byte order mark is skipped, a key named twice is kept (lookups find the
// last, as serde's maps do), and nesting is limited to 512 levels.
extension JSONValue {
    static func parse(_ data: Data, file: String) throws(TokenizationError) -> JSONValue {
        let bytes = [UInt8](data)
        do {
            return try parse(bytes, options: JSONParseOptions(maximumDepth: 512, refusesDuplicateKeys: false, skipsByteOrderMark: true))
        } catch {
            let (line, column) = error.lineAndColumn(in: bytes)
            throw .invalidJSON(file: file, reason: "\(error.reason) at line \(line), column \(column)")
        }
    }
}

/// Typed access to one JSON object, with errors naming the file and the key path.
struct JSONObjectReader {
    let members: JSONObject
    let file: String
    let path: String
    private let value: JSONValue

    init(_ value: JSONValue, file: String, path: String) throws(TokenizationError) {
        guard let members = value.members else {
            throw .invalidJSON(file: file, reason: "\(path.isEmpty ? "the top level" : path) is not an object")
        }
        self.members = members
        self.value = value
        self.file = file
        self.path = path
    }

    subscript(key: String) -> JSONValue? { value[key] }

    func keyPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func has(_ key: String) -> Bool {
        if let value = self[key], !value.isNull { return true }
        return false
    }

    func string(_ key: String) throws(TokenizationError) -> String {
        guard let value = self[key]?.stringValue else { throw mistyped(key, "a string") }
        return value
    }

    func optionalString(_ key: String) throws(TokenizationError) -> String? {
        guard let value = self[key], !value.isNull else { return nil }
        guard let string = value.stringValue else { throw mistyped(key, "a string or null") }
        return string
    }

    func optionalBool(_ key: String) throws(TokenizationError) -> Bool? {
        guard let value = self[key], !value.isNull else { return nil }
        guard let bool = value.boolValue else { throw mistyped(key, "true or false") }
        return bool
    }

    func bool(_ key: String, default fallback: Bool) throws(TokenizationError) -> Bool {
        try optionalBool(key) ?? fallback
    }

    func int(_ key: String) throws(TokenizationError) -> Int {
        guard let value = self[key]?.integer else { throw mistyped(key, "an integer") }
        return value
    }

    func array(_ key: String) throws(TokenizationError) -> [JSONValue] {
        guard let value = self[key]?.arrayValue else { throw mistyped(key, "an array") }
        return value
    }

    func objectReader(_ key: String) throws(TokenizationError) -> JSONObjectReader {
        guard let value = self[key] else { throw mistyped(key, "an object") }
        return try JSONObjectReader(value, file: file, path: keyPath(key))
    }

    func mistyped(_ key: String, _ expected: String) -> TokenizationError {
        .invalidJSON(file: file, reason: "\(keyPath(key)) must be \(expected)")
    }
}
