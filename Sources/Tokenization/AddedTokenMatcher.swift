/// Finds added tokens in text the way tokenizers' `AddedVocabulary::find_matches` does:
/// leftmost-longest matches, honouring single_word, lstrip and rstrip.
struct AddedTokenMatcher: Sendable {
    /// Patterns as Unicode scalars, longest first so the first hit at a position is the longest.
    private let patterns: [(scalars: [Unicode.Scalar], token: AddedToken)]

    init(_ tokens: [AddedToken], patternOf: (AddedToken) -> String) {
        patterns = tokens.map { (Array(patternOf($0).unicodeScalars), $0) }
            .filter { !$0.0.isEmpty }
            .sorted { $0.0.count > $1.0.count }
    }

    var isEmpty: Bool { patterns.isEmpty }

    enum Segment: Equatable {
        case text(String, startsText: Bool)
        case token(Int)
    }

    /// Splits `text` into plain pieces and matched tokens. `startsText` says whether `text` begins at
    /// offset 0 of the original input; the flag is carried to the first plain piece.
    func split(_ text: String, startsText: Bool) -> [Segment] {
        guard !patterns.isEmpty else { return [.text(text, startsText: startsText)] }
        let scalars = Array(text.unicodeScalars)
        var segments: [Segment] = []
        var consumed = 0  // scalars already assigned to a segment
        var searchFrom = 0
        func plain(_ range: Range<Int>) {
            guard !range.isEmpty else { return }
            segments.append(.text(String(scalars: scalars[range]), startsText: startsText && range.lowerBound == 0))
        }
        while searchFrom < scalars.count {
            guard let (start, token, length) = nextMatch(in: scalars, from: searchFrom) else { break }
            var matchStart = start
            var matchEnd = start + length
            searchFrom = matchEnd
            if token.singleWord {
                let startOK = matchStart == 0 || !Self.isWordScalar(scalars[matchStart - 1])
                let endOK = matchEnd == scalars.count || !Self.isWordScalar(scalars[matchEnd])
                guard startOK, endOK else { continue }
            }
            if token.leftStrip {
                var newStart = matchStart
                while newStart > 0, scalars[newStart - 1].properties.isWhitespace { newStart -= 1 }
                matchStart = max(newStart, consumed)
            }
            if token.rightStrip {
                while matchEnd < scalars.count, scalars[matchEnd].properties.isWhitespace { matchEnd += 1 }
                searchFrom = matchEnd
            }
            plain(consumed..<matchStart)
            segments.append(.token(token.id))
            consumed = matchEnd
        }
        plain(consumed..<scalars.count)
        return segments
    }

    private func nextMatch(in scalars: [Unicode.Scalar], from start: Int) -> (Int, AddedToken, Int)? {
        var position = start
        while position < scalars.count {
            for (pattern, token) in patterns where pattern[0] == scalars[position] {
                if position + pattern.count <= scalars.count,
                    scalars[position..<(position + pattern.count)].elementsEqual(pattern)
                {
                    return (position, token, pattern.count)
                }
            }
            position += 1
        }
        return nil
    }

    /// Rust regex `\w` (UTS #18): Alphabetic, marks, decimal digits, connector punctuation such as
    /// "_", and Join_Control.
    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        let properties = scalar.properties
        let categories: [Unicode.GeneralCategory] = [
            .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .connectorPunctuation,
        ]
        return properties.isAlphabetic || properties.isJoinControl || categories.contains(properties.generalCategory)
    }
}
