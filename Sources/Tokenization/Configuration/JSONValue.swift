import Foundation

/// A parsed JSON document, walked by the file readers so that every missing or mistyped key can be
/// reported with its path and file.
enum JSONValue: Decodable, Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Swift.Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    static func parse(_ data: Data, file: String) throws(TokenizationError) -> JSONValue {
        do {
            return try JSONDecoder().decode(JSONValue.self, from: data)
        } catch let error as DecodingError {
            throw .invalidJSON(file: file, reason: Self.describe(error))
        } catch {
            throw .invalidJSON(file: file, reason: String(describing: error))
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .dataCorrupted(let context), .typeMismatch(_, let context), .valueNotFound(_, let context),
            .keyNotFound(_, let context):
            let underlying = context.underlyingError.map { " (\($0))" } ?? ""
            return context.debugDescription + underlying
        @unknown default:
            return String(describing: error)
        }
    }

    var isNull: Bool { self == .null }

    subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    var objectValue: [String: JSONValue]? {
        if case .object(let object) = self { return object }
        return nil
    }

    var arrayValue: [JSONValue]? {
        if case .array(let array) = self { return array }
        return nil
    }

    var stringValue: String? {
        if case .string(let string) = self { return string }
        return nil
    }

    var boolValue: Bool? {
        if case .bool(let bool) = self { return bool }
        return nil
    }

    /// An integral number that fits an Int.
    var intValue: Int? {
        if case .number(let number) = self, number.rounded() == number, abs(number) < 9.0e15 { return Int(number) }
        return nil
    }
}

/// Typed access to one JSON object, with errors naming the file and the key path.
struct JSONObjectReader {
    let object: [String: JSONValue]
    let file: String
    let path: String

    init(_ value: JSONValue, file: String, path: String) throws(TokenizationError) {
        guard let object = value.objectValue else {
            throw .invalidJSON(file: file, reason: "\(path.isEmpty ? "the top level" : path) is not an object")
        }
        self.object = object
        self.file = file
        self.path = path
    }

    func keyPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func has(_ key: String) -> Bool {
        if let value = object[key], !value.isNull { return true }
        return false
    }

    func string(_ key: String) throws(TokenizationError) -> String {
        guard let value = object[key]?.stringValue else { throw mistyped(key, "a string") }
        return value
    }

    func optionalString(_ key: String) throws(TokenizationError) -> String? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let string = value.stringValue else { throw mistyped(key, "a string or null") }
        return string
    }

    func optionalBool(_ key: String) throws(TokenizationError) -> Bool? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let bool = value.boolValue else { throw mistyped(key, "true or false") }
        return bool
    }

    func bool(_ key: String, default fallback: Bool) throws(TokenizationError) -> Bool {
        try optionalBool(key) ?? fallback
    }

    func int(_ key: String) throws(TokenizationError) -> Int {
        guard let value = object[key]?.intValue else { throw mistyped(key, "an integer") }
        return value
    }

    func optionalInt(_ key: String) throws(TokenizationError) -> Int? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let int = value.intValue else { throw mistyped(key, "an integer or null") }
        return int
    }

    func array(_ key: String) throws(TokenizationError) -> [JSONValue] {
        guard let value = object[key]?.arrayValue else { throw mistyped(key, "an array") }
        return value
    }

    func objectReader(_ key: String) throws(TokenizationError) -> JSONObjectReader {
        guard let value = object[key] else { throw mistyped(key, "an object") }
        return try JSONObjectReader(value, file: file, path: keyPath(key))
    }

    func mistyped(_ key: String, _ expected: String) -> TokenizationError {
        .invalidJSON(file: file, reason: "\(keyPath(key)) must be \(expected)")
    }
}
