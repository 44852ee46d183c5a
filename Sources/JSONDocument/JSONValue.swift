/// A parsed JSON document, kept untyped so that readers can see every member, report offending
/// values as they were written and refuse keys they do not understand.
///
/// Objects keep their members in document order with their keys exactly as written: Swift's
/// `String ==` is canonical equivalence ("é" == "e\u{301}"), so a `[String: …]` dictionary would
/// merge vocabulary entries that are different bytes. Equality here compares strings and keys
/// byte for byte and objects member by member, in order.
public enum JSONValue: Sendable, Equatable, CustomStringConvertible {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case let (.bool(a), .bool(b)): a == b
        case let (.number(a), .number(b)): a == b
        case let (.string(a), .string(b)): a.utf8.elementsEqual(b.utf8)
        case let (.array(a), .array(b)): a == b
        case let (.object(a), .object(b)): a == b
        default: false
        }
    }

    /// Compact JSON-like text for error messages (strings are quoted, not escaped).
    public var description: String {
        switch self {
        case .null: "null"
        case let .bool(value): "\(value)"
        case let .number(value): value.description
        case let .string(value): "\"\(value)\""
        case let .array(values): "[" + values.map(\.description).joined(separator: ", ") + "]"
        case let .object(members): "{" + members.map { "\"\($0.key)\": \($0.value)" }.joined(separator: ", ") + "}"
        }
    }

    public var isNull: Bool { self == .null }

    public var boolValue: Bool? {
        if case let .bool(value) = self { return value }
        return nil
    }

    public var stringValue: String? {
        if case let .string(value) = self { return value }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case let .array(values) = self { return values }
        return nil
    }

    public var members: JSONObject? {
        if case let .object(members) = self { return members }
        return nil
    }

    /// The value as an exact integer (see `JSONNumber.integer`).
    public var integer: Int? {
        if case let .number(value) = self { return value.integer }
        return nil
    }

    /// The value of the last member named `key` (byte-exact), if this is an object.
    public subscript(key: String) -> JSONValue? {
        members?[key]
    }
}

/// One `"key": value` member of a JSON object.
public struct JSONMember: Sendable, Equatable {
    public let key: String
    public let value: JSONValue

    public init(key: String, value: JSONValue) {
        self.key = key
        self.value = value
    }

    public static func == (lhs: JSONMember, rhs: JSONMember) -> Bool {
        lhs.key.utf8.elementsEqual(rhs.key.utf8) && lhs.value == rhs.value
    }
}

/// The members of a JSON object in document order. A document parsed without refusing duplicate
/// keys may hold a key twice; lookups by key then find the last one (later duplicates win, as in
/// serde's and Python's maps).
public struct JSONObject: Sendable, Equatable, RandomAccessCollection, ExpressibleByDictionaryLiteral {
    public let elements: [JSONMember]

    public init(_ elements: [JSONMember]) {
        self.elements = elements
    }

    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.elements = elements.map { JSONMember(key: $0.0, value: $0.1) }
    }

    public var startIndex: Int { elements.startIndex }
    public var endIndex: Int { elements.endIndex }
    public subscript(position: Int) -> JSONMember { elements[position] }

    /// The value of the last member whose key has exactly the bytes of `key`.
    public subscript(key: String) -> JSONValue? {
        elements.last { $0.key.utf8.elementsEqual(key.utf8) }?.value
    }

    /// The keys in document order.
    public var keys: [String] { elements.map(\.key) }
}
