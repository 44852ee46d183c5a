import JSONDocument
import Puzzles

extension JSONValue {
    /// Compact JSON for a value read with JSONDocument (keys in document order, no spaces), strings
    /// quoted by Puzzles' `JSONText`, the quoter of every JSON line Reckon writes.
    var compactText: String {
        switch self {
        case .null: "null"
        case let .bool(flag): flag ? "true" : "false"
        case let .number(number): number.description
        case let .string(string): JSONText.quoted(string)
        case let .array(values): "[" + values.map(\.compactText).joined(separator: ",") + "]"
        case let .object(members):
            "{" + members.map { JSONText.quoted($0.key) + ":" + $0.value.compactText }.joined(separator: ",") + "}"
        }
    }
}
