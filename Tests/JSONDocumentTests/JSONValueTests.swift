import JSONDocument
import Testing

@Suite("JSONValue parsing")
struct JSONValueTests {
    private func parse(_ text: String, _ options: JSONParseOptions = JSONParseOptions()) throws(JSONSyntaxError) -> JSONValue {
        try JSONValue.parse(Array(text.utf8), options: options)
    }

    private func failure(_ text: String, _ options: JSONParseOptions = JSONParseOptions()) -> JSONSyntaxError? {
        #expect(throws: JSONSyntaxError.self) { try parse(text, options) }
    }

    @Test("parses every JSON kind, escapes and surrogate pairs, ignoring surrounding whitespace")
    func parsesKinds() throws {
        let value = try parse(#" {"a": [1, -2.5e3, 0.125, true, false, null], "s": "q\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00x", "o": {}} "#)
        #expect(value == .object([
            "a": .array([.number(1), .number(-2500), .number(0.125), .bool(true), .bool(false), .null]),
            "s": .string("q\"\\/\u{08}\u{0C}\n\r\té😀x"),
            "o": .object([:]),
        ]))
        #expect(try parse(#""ünïcødé""#) == .string("ünïcødé"))
        #expect(try parse(#"[]"#) == .array([]))
        #expect(try parse("\t\r\n 0 ") == .number(0))
    }

    @Test("keeps members in document order with their keys exactly as written")
    func orderAndExactKeys() throws {
        let value = try parse("{\"z\": 1, \"e\u{301}\": 2, \"é\": 3, \"a\": 4}", JSONParseOptions(refusesDuplicateKeys: false))
        let members = try #require(value.members)
        #expect(members.keys.map { Array($0.utf8) } == [[0x7A], [0x65, 0xCC, 0x81], [0xC3, 0xA9], [0x61]])
        #expect(value["é"] == .number(3))
        #expect(value["e\u{301}"] == .number(2))
        #expect(value["b"] == nil)
        #expect(try parse(#""\u00e9""#) != .string("e\u{301}"))
        #expect(try parse(#"{"a": 1, "b": 2}"#) != .object(["b": .number(2), "a": .number(1)]))
    }

    @Test("integers up to 2^53 and integer literals within Int64 convert exactly")
    func exactIntegers() throws {
        #expect(try parse("123456789012").integer == 123_456_789_012)
        #expect(try parse("9007199254740992").integer == 9_007_199_254_740_992)
        #expect(try parse("9007199254740993").integer == 9_007_199_254_740_993)
        #expect(try parse("9223372036854775807").integer == Int.max)
        #expect(try parse("-9223372036854775808").integer == Int.min)
        #expect(try parse("1e3").integer == 1000)
        #expect(try parse("-0").integer == 0)
        #expect(try parse("2.5").integer == nil)
        #expect(try parse("1e16").integer == nil)
        #expect(try parse("9223372036854775808").integer == nil)
        #expect(try parse("\"1\"").integer == nil)
    }

    @Test("numbers compare by the value written")
    func numberEquality() throws {
        #expect(try parse("1.0") == .number(1))
        #expect(try parse("-2.5e3") == .number(-2500))
        #expect(try parse("9007199254740993") != .number(9_007_199_254_740_992.0))
        #expect(try parse("9007199254740993") != .number(9_007_199_254_740_992))
        #expect(try parse("9007199254740992") == .number(9_007_199_254_740_992.0))
    }

    @Test("refuses malformed documents with the reason and the byte offset", arguments: [
        (#"{"a": 1} x"#, "unexpected content after the value", 9),
        (#"{"a": 01}"#, "leading zero in a number", 8),
        (#"{"a": NaN}"#, "invalid value", 6),
        (#"{"a": -}"#, "invalid value", 7),
        (#"{"a": 1.}"#, "no digits after '.'", 8),
        (#"{"a": 1e}"#, "no digits in the exponent", 8),
        (#"{"a": 1e400}"#, "number out of range", 11),
        (#"{"a": tru}"#, "invalid literal", 6),
        (#"{"a": "\ud800"}"#, "unpaired surrogate", 13),
        (#"{"a": "\udc00"}"#, "unpaired surrogate", 13),
        (#"{"a": "\u+123"}"#, #"invalid \u escape"#, 9),
        (#"{"a": "\x"}"#, "invalid escape", 9),
        (#"{"a": [1, 2}"#, "expected ',' or ']'", 11),
        (#"{"a": 1 "b": 2}"#, "expected ',' or '}'", 8),
        (#"{"a" 1}"#, "expected ':'", 5),
        (#"{1: 2}"#, "expected a key", 1),
        (#"{"a": 1,}"#, "expected a key", 8),
        ("{\"a\": \"x\ny\"}", "control character in a string", 8),
        (#"{"a": "x"#, "unterminated string", 8),
        (#"{"a": 1"#, "unexpected end in an object", 7),
        (#"[1"#, "unexpected end in an array", 2),
        ("", "unexpected end", 0),
        (#"{"a": 1, "a": 2}"#, "duplicate key \"a\"", 15),
    ])
    func refusesMalformed(text: String, reason: String, offset: Int) {
        #expect(failure(text) == JSONSyntaxError(reason: reason, offset: offset))
    }

    @Test("refuses strings that are not UTF-8")
    func refusesInvalidUTF8() {
        let error = #expect(throws: JSONSyntaxError.self) { try JSONValue.parse([0x22, 0xC3, 0x28, 0x22]) }
        #expect(error?.reason == "a string is not UTF-8")
    }

    @Test("refuses duplicate keys by default, canonically equivalent ones included")
    func refusesDuplicates() {
        #expect(failure("{\"é\": 1, \"e\u{301}\": 2}")?.reason == "duplicate key \"e\u{301}\"")
        #expect(failure(#"{"o": {"k": 1, "k": 1}}"#)?.reason == "duplicate key \"k\"")
    }

    @Test("keeps duplicate keys in order when allowed; a lookup finds the last")
    func keepsDuplicates() throws {
        let value = try parse(#"{"k": 1, "j": 2, "k": 3}"#, JSONParseOptions(refusesDuplicateKeys: false))
        #expect(value.members?.keys == ["k", "j", "k"])
        #expect(value["k"] == .number(3))
    }

    @Test("limits nesting depth as configured")
    func depthLimit() throws {
        let deep = String(repeating: "[", count: 300) + String(repeating: "]", count: 300)
        #expect(failure(deep) == JSONSyntaxError(reason: "nested deeper than 256 levels", offset: 256))
        #expect(try parse(deep, JSONParseOptions(maximumDepth: 300)).arrayValue?.count == 1)
        #expect(failure("[[{}]]", JSONParseOptions(maximumDepth: 2))?.reason == "nested deeper than 2 levels")
    }

    @Test("skips a byte order mark only when asked")
    func byteOrderMark() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("[true]".utf8)
        #expect(try JSONValue.parse(bytes, options: JSONParseOptions(skipsByteOrderMark: true)) == .array([.bool(true)]))
        let error = #expect(throws: JSONSyntaxError.self) { try JSONValue.parse(bytes) }
        #expect(error == JSONSyntaxError(reason: "invalid value", offset: 0))
    }

    @Test("reports the line and column of an offset, counting bytes")
    func lineAndColumn() {
        let text = Array("{\n  \"é\": x\n}".utf8)
        let error = #expect(throws: JSONSyntaxError.self) { try JSONValue.parse(text) }
        #expect(error?.offset == 10)
        let position = error?.lineAndColumn(in: text)
        #expect(position?.line == 2)
        #expect(position?.column == 9)
    }

    @Test("describes values compactly for error messages")
    func descriptions() throws {
        #expect(try parse(#"{"b": [1, 2.5, 1e20, null], "a": "x", "t": true}"#).description
            == #"{"b": [1, 2.5, 1e+20, null], "a": "x", "t": true}"#)
        #expect(try parse("9007199254740993").description == "9007199254740993")
    }
}
