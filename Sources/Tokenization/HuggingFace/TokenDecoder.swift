import JSONDocument

/// The `decoder` of a `tokenizer.json`. Each step maps the list of token strings to a new list, as
/// tokenizers' `decode_chain` does; the results are concatenated at the end.
indirect enum TokenDecoder: Sendable {
    case sequence([TokenDecoder])
    case replace(pattern: String, content: String)
    case byteFallback
    case fuse
    case strip(content: Character, start: Int, stop: Int)
    case metaspace(replacement: Character, prependScheme: PreTokenizer.PrependScheme)

    init(_ value: JSONValue, file: String, path: String) throws(TokenizationError) {
        let reader = try JSONObjectReader(value, file: file, path: path)
        let type = try reader.string("type")
        switch type {
        case "Sequence":
            var steps: [TokenDecoder] = []
            for (index, step) in try reader.array("decoders").enumerated() {
                steps.append(try TokenDecoder(step, file: file, path: "\(path).decoders[\(index)]"))
            }
            self = .sequence(steps)
        case "Replace":
            let pattern = try reader.objectReader("pattern")
            guard let literal = try pattern.optionalString("String"), !literal.isEmpty else {
                throw .unsupported(file: file, feature: "\(path) Replace pattern \(pattern.members.map(\.key)) (only String patterns)")
            }
            self = .replace(pattern: literal, content: try reader.string("content"))
        case "ByteFallback":
            self = .byteFallback
        case "Fuse":
            self = .fuse
        case "Strip":
            let content = try reader.string("content")
            guard content.unicodeScalars.count == 1, let character = content.first else {
                throw .invalidJSON(file: file, reason: "\(path).content must be one character")
            }
            let start = try reader.int("start")
            let stop = try reader.int("stop")
            guard start >= 0, stop >= 0 else {
                throw .invalidJSON(file: file, reason: "\(path).start and .stop must not be negative")
            }
            self = .strip(content: character, start: start, stop: stop)
        case "Metaspace":
            let metaspace = try PreTokenizer(value, file: file, path: path)
            guard case .metaspace(let replacement, let scheme, _) = metaspace else {
                throw .unsupported(file: file, feature: "decoder at \(path)")
            }
            self = .metaspace(replacement: replacement, prependScheme: scheme)
        default:
            throw .unsupported(file: file, feature: "decoder type \"\(type)\" at \(path)")
        }
    }

    func decode(_ tokens: [String]) -> String {
        decodeChain(tokens).joined()
    }

    func decodeChain(_ tokens: [String]) -> [String] {
        switch self {
        case .sequence(let steps):
            return steps.reduce(tokens) { $1.decodeChain($0) }
        case .replace(let pattern, let content):
            return tokens.map { $0.replacingAll(pattern, with: content) }
        case .fuse:
            return [tokens.joined()]
        case .byteFallback:
            return Self.fuseByteTokens(tokens)
        case .strip(let content, let start, let stop):
            return tokens.map { token in
                let characters = Array(token.unicodeScalars)
                let target = content.unicodeScalars.first
                var startCut = 0
                while startCut < min(start, characters.count), characters[startCut] == target { startCut += 1 }
                var stopCut = characters.count
                var stripped = 0
                while stripped < stop, stopCut > startCut, characters[stopCut - 1] == target {
                    stopCut -= 1
                    stripped += 1
                }
                return String(scalars: characters[startCut..<stopCut])
            }
        case .metaspace(let replacement, let scheme):
            let marker = replacement.unicodeScalars.first
            return tokens.enumerated().map { index, token in
                var scalars: [Unicode.Scalar] = []
                for scalar in token.unicodeScalars {
                    if scalar == marker {
                        if !(index == 0 && scheme != .never) { scalars.append(" ") }
                    } else {
                        scalars.append(scalar)
                    }
                }
                return String(scalars: scalars)
            }
        }
    }

    /// tokenizers' `ByteFallback`: consecutive `<0xXX>` tokens are joined into bytes; if those bytes
    /// are not valid UTF-8 as a whole, every byte becomes one U+FFFD.
    private static func fuseByteTokens(_ tokens: [String]) -> [String] {
        var output: [String] = []
        var pending: [UInt8] = []
        func flush() {
            guard !pending.isEmpty else { return }
            if let text = String(validating: pending, as: UTF8.self) {
                output.append(text)
            } else {
                output.append(contentsOf: repeatElement("\u{FFFD}", count: pending.count))
            }
            pending.removeAll()
        }
        for token in tokens {
            if let byte = byteValue(token) {
                pending.append(byte)
            } else {
                flush()
                output.append(token)
            }
        }
        flush()
        return output
    }

    /// A token of six bytes "<0x" + two hex digits + ">" (Rust's u8::from_str_radix also takes "+F").
    static func byteValue(_ token: String) -> UInt8? {
        let bytes = Array(token.utf8)
        guard bytes.count == 6, bytes.starts(with: Array("<0x".utf8)), bytes[5] == UInt8(ascii: ">") else { return nil }
        var digits = String(decoding: bytes[3..<5], as: UTF8.self)
        if digits.hasPrefix("+") { digits.removeFirst() }
        guard !digits.hasPrefix("-"), !digits.hasPrefix("+") else { return nil }
        return UInt8(digits, radix: 16)
    }
}
