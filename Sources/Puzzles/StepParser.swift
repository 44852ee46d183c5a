/// Reads the pieces of a completion (`docs/rules.md` section 3, steps 1 and 2).
///
/// The completion is cut at its first newline and trimmed of spaces, tabs and carriage returns, then
/// split on `,`. Each trimmed piece must be `int op int = int` with optional spaces or tabs between
/// the five parts; an integer is an optional `-` and ASCII digits. A piece that is not a step is
/// `format`, one that is a step with an integer that does not fit in 64 bits is `overflow`. The
/// caller replays each piece before it looks at the next (see `Verifier`).
struct StepParser {
    private let text: UnsafeBufferPointer<UInt8>

    init(text: UnsafeBufferPointer<UInt8>) {
        self.text = text
    }

    private static let space = UInt8(ascii: " ")
    private static let tab = UInt8(ascii: "\t")
    private static let carriageReturn = UInt8(ascii: "\r")
    static let newline = UInt8(ascii: "\n")
    static let comma = UInt8(ascii: ",")
    private static let equals = UInt8(ascii: "=")
    private static let minus = UInt8(ascii: "-")
    private static let zero = UInt8(ascii: "0")

    @inline(__always)
    private static func isTrimmed(_ byte: UInt8) -> Bool {
        byte == space || byte == tab || byte == carriageReturn
    }

    /// The bounds of the completion's first line, trimmed of spaces, tabs and carriage returns.
    func firstLine() -> Range<Int> {
        var end = 0
        while end < text.count && text[end] != Self.newline { end += 1 }
        var start = 0
        while start < end && Self.isTrimmed(text[start]) { start += 1 }
        while end > start && Self.isTrimmed(text[end - 1]) { end -= 1 }
        return start..<end
    }

    /// Where the piece starting at `start` ends: at the next `,` or at `end`.
    func pieceEnd(from start: Int, before end: Int) -> Int {
        var pieceEnd = start
        while pieceEnd < end && text[pieceEnd] != Self.comma { pieceEnd += 1 }
        return pieceEnd
    }

    enum PieceOutcome {
        case step(Step)
        case notAStep
        case tooLarge

        /// The piece's own error: `format` for a piece that is not a step, `overflow` for an integer
        /// that does not fit in 64 bits.
        var failure: VerificationFailure? {
            switch self {
            case .step: nil
            case .notAStep: .format
            case .tooLarge: .overflow
            }
        }
    }

    /// Parses `text[start..<end]` as one piece (trimmed first).
    func parsePiece(from start: Int, to end: Int) -> PieceOutcome {
        var position = start
        var end = end
        while position < end && Self.isTrimmed(text[position]) { position += 1 }
        while end > position && Self.isTrimmed(text[end - 1]) { end -= 1 }

        var overflowed = false
        guard let lhs = parseInteger(&position, end, &overflowed) else { return .notAStep }
        skipBlanks(&position, end)
        guard position < end, let op = ArithmeticOperator(asciiByte: text[position]) else { return .notAStep }
        position += 1
        skipBlanks(&position, end)
        guard let rhs = parseInteger(&position, end, &overflowed) else { return .notAStep }
        skipBlanks(&position, end)
        guard position < end, text[position] == Self.equals else { return .notAStep }
        position += 1
        skipBlanks(&position, end)
        guard let result = parseInteger(&position, end, &overflowed) else { return .notAStep }
        guard position == end else { return .notAStep }
        return overflowed ? .tooLarge : .step(Step(lhs, op, rhs, result))
    }

    @inline(__always)
    private func skipBlanks(_ position: inout Int, _ end: Int) {
        while position < end && (text[position] == Self.space || text[position] == Self.tab) { position += 1 }
    }

    /// An optional `-` then one or more digits. Scans every digit whatever the length (so a huge
    /// number costs its length and nothing more) and reports values outside Int64 through `overflowed`.
    @inline(__always)
    private func parseInteger(_ position: inout Int, _ end: Int, _ overflowed: inout Bool) -> Int64? {
        var index = position
        let negative = index < end && text[index] == Self.minus
        if negative { index += 1 }
        let digitsStart = index
        var magnitude: UInt64 = 0
        var tooLarge = false
        while index < end {
            let digit = text[index] &- Self.zero
            guard digit < 10 else { break }
            if !tooLarge {
                let (times10, o1) = magnitude.multipliedReportingOverflow(by: 10)
                let (sum, o2) = times10.addingReportingOverflow(UInt64(digit))
                if o1 || o2 { tooLarge = true } else { magnitude = sum }
            }
            index += 1
        }
        guard index > digitsStart else { return nil }
        position = index
        let limit: UInt64 = negative ? UInt64(Int64.max) + 1 : UInt64(Int64.max)
        if tooLarge || magnitude > limit {
            overflowed = true
            return 0
        }
        return negative ? Int64(truncatingIfNeeded: 0 &- magnitude) : Int64(magnitude)
    }
}

extension StepParser {
    /// The first `limit` steps of a text's first line, or nil when some piece is not a step.
    static func steps(of text: String, atMost limit: Int) -> [Step]? {
        Array(text.utf8).withUnsafeBufferPointer { text in
            let parser = StepParser(text: text)
            let line = parser.firstLine()
            var steps: [Step] = []
            var start = line.lowerBound
            while true {
                let end = parser.pieceEnd(from: start, before: line.upperBound)
                guard case let .step(step) = parser.parsePiece(from: start, to: end) else { return nil }
                if steps.count < limit { steps.append(step) }
                if end >= line.upperBound { return steps }
                start = end + 1
            }
        }
    }
}
