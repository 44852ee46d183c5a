import Foundation

/// A parsed JSON document, kept untyped so that loaders can see every key (and refuse unknown
/// ones) and report offending values as they were written.
enum JSONValue: Decodable, Equatable, CustomStringConvertible {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        // Each `try?` below only probes which JSON kind the value is; the last decode reports the
        // real error when the value is none of them.
        if var elements = try? decoder.unkeyedContainer() {
            var values: [JSONValue] = []
            while !elements.isAtEnd { values.append(try elements.decode(JSONValue.self)) }
            self = .array(values)
            return
        }
        if let members = try? decoder.container(keyedBy: MemberKey.self) {
            var values: [String: JSONValue] = [:]
            for key in members.allKeys { values[key.stringValue] = try members.decode(JSONValue.self, forKey: key) }
            self = .object(values)
            return
        }
        let scalar = try decoder.singleValueContainer()
        if scalar.decodeNil() {
            self = .null
        } else if let value = try? scalar.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? scalar.decode(Double.self) {
            self = .number(value)
        } else {
            self = .string(try scalar.decode(String.self))
        }
    }

    /// Parses `data` as one JSON document.
    static func parse(_ data: Data, file: String) throws(CheckpointError) -> JSONValue {
        do {
            return try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw .malformedFile(file: file, reason: "invalid JSON (\(error))")
        }
    }

    /// Reads and parses a JSON file.
    static func read(_ url: URL) throws(CheckpointError) -> JSONValue {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .unreadableFile(file: url.lastPathComponent, reason: "\(error)")
        }
        return try parse(data, file: url.lastPathComponent)
    }

    var description: String {
        switch self {
        case .null: "null"
        case let .bool(value): "\(value)"
        case let .number(value):
            value == value.rounded() && abs(value) < 1e15 ? "\(Int(value))" : "\(value)"
        case let .string(value): "\"\(value)\""
        case let .array(values): "[" + values.map(\.description).joined(separator: ", ") + "]"
        case let .object(members):
            "{" + members.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \($0.value)" }.joined(separator: ", ") + "}"
        }
    }

    /// The value as an exact integer, if it is a number without a fractional part.
    var integer: Int? {
        guard case let .number(value) = self, value == value.rounded(), abs(value) <= 9.007_199_254_740_992e15 else {
            return nil
        }
        return Int(value)
    }

    var isNull: Bool { self == .null }

    private struct MemberKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
