import JSONDocument

/// The `normalizer` of a `tokenizer.json`: the kinds LLaMA files use.
indirect enum Normalizer: Sendable {
    case sequence([Normalizer])
    /// Prepends the string to every non-empty piece of text (tokenizers' `Prepend`).
    case prepend(String)
    /// Replaces every occurrence of a literal string (tokenizers' `Replace` with a `String` pattern).
    case replace(pattern: String, content: String)

    init(_ value: JSONValue, file: String, path: String) throws(TokenizationError) {
        let reader = try JSONObjectReader(value, file: file, path: path)
        let type = try reader.string("type")
        switch type {
        case "Sequence":
            var steps: [Normalizer] = []
            for (index, step) in try reader.array("normalizers").enumerated() {
                steps.append(try Normalizer(step, file: file, path: "\(path).normalizers[\(index)]"))
            }
            self = .sequence(steps)
        case "Prepend":
            self = .prepend(try reader.string("prepend"))
        case "Replace":
            let pattern = try reader.objectReader("pattern")
            guard let literal = try pattern.optionalString("String") else {
                throw .unsupported(file: file, feature: "\(path) Replace pattern \(pattern.members.map(\.key)) (only String patterns)")
            }
            guard !literal.isEmpty else {
                throw .unsupported(file: file, feature: "\(path) Replace with an empty pattern")
            }
            self = .replace(pattern: literal, content: try reader.string("content"))
        default:
            throw .unsupported(file: file, feature: "normalizer type \"\(type)\" at \(path)")
        }
    }

    func normalize(_ text: String) -> String {
        switch self {
        case .sequence(let steps):
            steps.reduce(text) { $1.normalize($0) }
        case .prepend(let prefix):
            text.isEmpty ? text : prefix + text
        case .replace(let pattern, let content):
            text.replacingAll(pattern, with: content)
        }
    }
}

extension String {
    /// Non-overlapping left-to-right replacement, compared by Unicode scalars (not Characters, so a
    /// combining mark after a space does not hide the space).
    func replacingAll(_ pattern: String, with replacement: String) -> String {
        let source = Array(unicodeScalars)
        let target = Array(pattern.unicodeScalars)
        guard !target.isEmpty, source.count >= target.count else { return self }
        let replacementScalars = Array(replacement.unicodeScalars)
        var result: [Unicode.Scalar] = []
        result.reserveCapacity(source.count)
        var index = 0
        while index < source.count {
            if index + target.count <= source.count, source[index..<(index + target.count)].elementsEqual(target) {
                result.append(contentsOf: replacementScalars)
                index += target.count
            } else {
                result.append(source[index])
                index += 1
            }
        }
        return String(scalars: result)
    }
}
