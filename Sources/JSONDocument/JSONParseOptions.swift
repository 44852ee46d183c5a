/// What a reader accepts beyond the RFC 8259 grammar, which is always enforced.
public struct JSONParseOptions: Sendable {
    /// Objects and arrays nested deeper than this are refused (recursion must stay bounded).
    public var maximumDepth: Int
    /// Whether an object may name a key twice. When refused, keys that Swift's `String ==` calls
    /// equal (canonically equivalent) count as duplicates too, so that a reader indexing members
    /// by `String` can never lose one.
    public var refusesDuplicateKeys: Bool
    /// Whether a leading UTF-8 byte order mark is skipped (RFC 8259 §8.1 lets parsers ignore it).
    public var skipsByteOrderMark: Bool

    public init(maximumDepth: Int = 256, refusesDuplicateKeys: Bool = true, skipsByteOrderMark: Bool = false) {
        self.maximumDepth = maximumDepth
        self.refusesDuplicateKeys = refusesDuplicateKeys
        self.skipsByteOrderMark = skipsByteOrderMark
    }
}

extension JSONValue {
    /// Parses `bytes` as one strict RFC 8259 JSON document (UTF-8; no comments, trailing commas,
    /// NaN or leading zeros; numbers must be finite as doubles).
    public static func parse(_ bytes: [UInt8], options: JSONParseOptions = JSONParseOptions()) throws(JSONSyntaxError) -> JSONValue {
        var parser = JSONParser(bytes: bytes, options: options)
        return try parser.document()
    }
}
