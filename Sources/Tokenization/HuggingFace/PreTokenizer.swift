import JSONDocument

/// The `pre_tokenizer` of a `tokenizer.json`: absent, or Metaspace (possibly inside a Sequence).
indirect enum PreTokenizer: Sendable {
    enum PrependScheme: Sendable { case always, first, never }

    case sequence([PreTokenizer])
    case metaspace(replacement: Character, prependScheme: PrependScheme, split: Bool)

    init(_ value: JSONValue, file: String, path: String) throws(TokenizationError) {
        let reader = try JSONObjectReader(value, file: file, path: path)
        let type = try reader.string("type")
        switch type {
        case "Sequence":
            var steps: [PreTokenizer] = []
            for (index, step) in try reader.array("pretokenizers").enumerated() {
                steps.append(try PreTokenizer(step, file: file, path: "\(path).pretokenizers[\(index)]"))
            }
            self = .sequence(steps)
        case "Metaspace":
            let replacement = try reader.string("replacement")
            guard replacement.unicodeScalars.count == 1, let character = replacement.first else {
                throw .invalidJSON(file: file, reason: "\(path).replacement must be one character")
            }
            let scheme: PrependScheme
            if let name = try reader.optionalString("prepend_scheme") {
                switch name {
                case "always": scheme = .always
                case "first": scheme = .first
                case "never": scheme = .never
                default: throw .unsupported(file: file, feature: "Metaspace prepend_scheme \"\(name)\" at \(path)")
                }
            } else {
                // Files from tokenizers < 0.14 carry add_prefix_space instead.
                scheme = try reader.bool("add_prefix_space", default: true) ? .always : .never
            }
            self = .metaspace(replacement: character, prependScheme: scheme, split: try reader.bool("split", default: true))
        default:
            throw .unsupported(file: file, feature: "pre_tokenizer type \"\(type)\" at \(path)")
        }
    }

    /// Splits one piece of normalized text. `startsText` says whether the piece begins at offset 0
    /// of the original input (Metaspace's "first" scheme prepends only there).
    func split(_ piece: String, startsText: Bool) -> [String] {
        switch self {
        case .sequence(let steps):
            var pieces = [(piece, startsText)]
            for step in steps {
                pieces = pieces.flatMap { text, starts in
                    step.split(text, startsText: starts).enumerated().map { ($1, starts && $0 == 0) }
                }
            }
            return pieces.map(\.0)
        case .metaspace(let replacement, let scheme, let split):
            let marker = String(replacement)
            var text = piece.replacingAll(" ", with: marker)
            let startsWithMarker = text.unicodeScalars.first == replacement.unicodeScalars.first
            switch scheme {
            case .always where !startsWithMarker, .first where !startsWithMarker && startsText:
                text = marker + text
            default:
                break
            }
            guard split else { return [text] }
            // SplitDelimiterBehavior::MergedWithNext: every marker starts a new piece.
            var pieces: [String] = []
            var current: [Unicode.Scalar] = []
            let markerScalar = replacement.unicodeScalars.first
            for scalar in text.unicodeScalars {
                if scalar == markerScalar, !current.isEmpty {
                    pieces.append(String(scalars: current))
                    current.removeAll(keepingCapacity: true)
                }
                current.append(scalar)
            }
            if !current.isEmpty { pieces.append(String(scalars: current)) }
            return pieces
        }
    }
}
