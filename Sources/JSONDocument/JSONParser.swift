/// A recursive-descent RFC 8259 parser over UTF-8 bytes.
struct JSONParser {
    private let bytes: [UInt8]
    private let options: JSONParseOptions
    private var position = 0
    private var depth = 0

    init(bytes: [UInt8], options: JSONParseOptions) {
        self.bytes = bytes
        self.options = options
    }

    mutating func document() throws(JSONSyntaxError) -> JSONValue {
        if options.skipsByteOrderMark, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
        let result = try value()
        skipWhitespace()
        guard position == bytes.count else { throw fail("unexpected content after the value") }
        return result
    }

    private func fail(_ reason: String) -> JSONSyntaxError { JSONSyntaxError(reason: reason, offset: position) }

    private func at(_ character: Unicode.Scalar) -> Bool {
        position < bytes.count && bytes[position] == UInt8(ascii: character)
    }

    private mutating func skipWhitespace() {
        while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
    }

    private mutating func value() throws(JSONSyntaxError) -> JSONValue {
        skipWhitespace()
        guard position < bytes.count else { throw fail("unexpected end") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        default: return .number(try number())
        }
    }

    private mutating func nest() throws(JSONSyntaxError) {
        depth += 1
        guard depth <= options.maximumDepth else { throw fail("nested deeper than \(options.maximumDepth) levels") }
    }

    private mutating func object() throws(JSONSyntaxError) -> JSONValue {
        try nest()
        defer { depth -= 1 }
        position += 1
        var members: [JSONMember] = []
        var seenKeys: Set<String> = []
        skipWhitespace()
        if at("}") {
            position += 1
            return .object(JSONObject(members))
        }
        while true {
            skipWhitespace()
            guard at("\"") else { throw fail("expected a key") }
            let key = try string()
            skipWhitespace()
            guard at(":") else { throw fail("expected ':'") }
            position += 1
            members.append(JSONMember(key: key, value: try value()))
            if options.refusesDuplicateKeys, !seenKeys.insert(key).inserted { throw fail("duplicate key \"\(key)\"") }
            if try closes("}", in: "an object") { return .object(JSONObject(members)) }
        }
    }

    private mutating func array() throws(JSONSyntaxError) -> JSONValue {
        try nest()
        defer { depth -= 1 }
        position += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if at("]") {
            position += 1
            return .array(elements)
        }
        while true {
            elements.append(try value())
            if try closes("]", in: "an array") { return .array(elements) }
        }
    }

    /// After a member or element: consumes the comma (false) or the closing bracket (true).
    private mutating func closes(_ closing: Unicode.Scalar, in container: String) throws(JSONSyntaxError) -> Bool {
        skipWhitespace()
        guard position < bytes.count else { throw fail("unexpected end in \(container)") }
        if at(",") {
            position += 1
            return false
        }
        guard at(closing) else { throw fail("expected ',' or '\(closing)'") }
        position += 1
        return true
    }

    private mutating func literal(_ word: String) throws(JSONSyntaxError) {
        let expected = Array(word.utf8)
        guard bytes[position...].starts(with: expected) else { throw fail("invalid literal") }
        position += expected.count
    }

    private mutating func number() throws(JSONSyntaxError) -> JSONNumber {
        let start = position
        func digits() -> Int {
            let first = position
            while position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) { position += 1 }
            return position - first
        }
        if at("-") { position += 1 }
        let integerStart = position
        guard digits() > 0 else { throw fail("invalid value") }
        if bytes[integerStart] == UInt8(ascii: "0"), position - integerStart > 1 { throw fail("leading zero in a number") }
        var isInteger = true
        if at(".") {
            isInteger = false
            position += 1
            guard digits() > 0 else { throw fail("no digits after '.'") }
        }
        if at("e") || at("E") {
            isInteger = false
            position += 1
            if at("+") || at("-") { position += 1 }
            guard digits() > 0 else { throw fail("no digits in the exponent") }
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        if isInteger, let exact = Int64(text) { return JSONNumber(exact) }
        guard let value = Double(text), value.isFinite else { throw fail("number out of range") }
        return JSONNumber(value)
    }

    /// The string whose opening quote is at `position`. Runs without escapes are copied as they
    /// are, so the string holds exactly the bytes written.
    private mutating func string() throws(JSONSyntaxError) -> String {
        position += 1  // opening quote
        var utf8: [UInt8] = []
        var runStart = position
        while true {
            guard position < bytes.count else { throw fail("unterminated string") }
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let string = utf8.isEmpty
                    ? String(validating: bytes[runStart..<position], as: UTF8.self)
                    : String(validating: utf8 + bytes[runStart..<position], as: UTF8.self)
                position += 1
                guard let string else { throw fail("a string is not UTF-8") }
                return string
            }
            guard byte >= 0x20 else { throw fail("control character in a string") }
            guard byte == UInt8(ascii: "\\") else {
                position += 1
                continue
            }
            utf8.append(contentsOf: bytes[runStart..<position])
            position += 1
            guard position < bytes.count else { throw fail("unterminated escape") }
            let escape = bytes[position]
            position += 1
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escape)
            case UInt8(ascii: "b"): utf8.append(0x08)
            case UInt8(ascii: "f"): utf8.append(0x0C)
            case UInt8(ascii: "n"): utf8.append(0x0A)
            case UInt8(ascii: "r"): utf8.append(0x0D)
            case UInt8(ascii: "t"): utf8.append(0x09)
            case UInt8(ascii: "u"): UTF8.encode(try unicodeEscape()) { utf8.append($0) }
            default: throw fail("invalid escape")
            }
            runStart = position
        }
    }

    /// After "\u": four hex digits, combined with a following escaped low surrogate when they
    /// are a high surrogate. A lone surrogate of either kind is refused.
    private mutating func unicodeEscape() throws(JSONSyntaxError) -> Unicode.Scalar {
        var code = try hexQuad()
        if (0xD800..<0xDC00).contains(code) {
            guard bytes[position...].starts(with: [UInt8(ascii: "\\"), UInt8(ascii: "u")]) else { throw fail("unpaired surrogate") }
            position += 2
            let low = try hexQuad()
            guard (0xDC00..<0xE000).contains(low) else { throw fail("unpaired surrogate") }
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
        }
        guard let scalar = Unicode.Scalar(code) else { throw fail("unpaired surrogate") }
        return scalar
    }

    private mutating func hexQuad() throws(JSONSyntaxError) -> UInt32 {
        guard bytes.count - position >= 4 else { throw fail("invalid \\u escape") }
        var value: UInt32 = 0
        for byte in bytes[position..<(position + 4)] {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw fail("invalid \\u escape")
            }
            value = value << 4 | UInt32(digit)
        }
        position += 4
        return value
    }
}
