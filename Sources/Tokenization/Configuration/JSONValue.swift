import Foundation

/// A parsed JSON document, walked by the file readers so that every missing or mistyped key can be
/// reported with its path and file.
///
/// Objects keep their members in file order with byte-exact keys. Foundation's decoders build
/// `[String: …]` dictionaries, and Swift's String equality would merge vocabulary entries that are
/// canonically equivalent but different bytes ("é" and "e\u{301}").
enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([JSONMember])

    static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let a), .bool(let b)): a == b
        case (.number(let a), .number(let b)): a == b
        case (.string(let a), .string(let b)): a.isIdentical(to: b)
        case (.array(let a), .array(let b)): a == b
        case (.object(let a), .object(let b)):
            a.count == b.count && zip(a, b).allSatisfy { $0.key.isIdentical(to: $1.key) && $0.value == $1.value }
        default: false
        }
    }

    static func parse(_ data: Data, file: String) throws(TokenizationError) -> JSONValue {
        var parser = JSONParser(bytes: [UInt8](data))
        do {
            return try parser.parseDocument()
        } catch {
            throw .invalidJSON(file: file, reason: error.message)
        }
    }

    var isNull: Bool { self == .null }

    /// The last member named `key` (later duplicates win, as in serde's maps).
    subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.last(where: { $0.key.isIdentical(to: key) })?.value
    }

    var members: [JSONMember]? {
        if case .object(let members) = self { return members }
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

struct JSONMember: Sendable, Equatable {
    let key: String
    let value: JSONValue
}

/// Typed access to one JSON object, with errors naming the file and the key path.
struct JSONObjectReader {
    let members: [JSONMember]
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
        guard let value = self[key]?.intValue else { throw mistyped(key, "an integer") }
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
