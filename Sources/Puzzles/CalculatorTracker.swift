/// Follows a completion as it is generated and says when calculator repair (`docs/rules.md`
/// section 7) is decided: `CalculatorRepair.isValid` of the whole text, known before the text ends,
/// as `VerdictTracker` knows the verdict.
///
/// Decided invalid once a completed piece (one followed by `,` or a newline) is not a step or does
/// not replay, or once a `,` follows a piece that left a single entry (the next piece would need
/// two); decided at the newline that ends the first line otherwise. A valid diagnosis is never
/// decided before that newline, since a later piece could still fail. Bytes may come in any split;
/// each piece is parsed and replayed once, and only the pool and the unfinished piece are kept.
public struct CalculatorTracker: Sendable {
    private let target: Int64
    private var pool: CalculatorPool
    /// The bytes of the piece after the last `,`, not yet checked.
    private var piece: [UInt8] = []
    /// Set once calculator repair is decided: whether the completion is valid with a calculator.
    public private(set) var decidedCalculatorVerdict: Bool?

    public init(puzzle: Puzzle) {
        target = puzzle.target
        pool = CalculatorPool(puzzle: puzzle)
    }

    public var isDecided: Bool { decidedCalculatorVerdict != nil }

    /// Appends generated text (UTF-8 bytes); true once the diagnosis is decided (this or an earlier call).
    @discardableResult
    public mutating func append(_ bytes: some Sequence<UInt8>) -> Bool {
        guard decidedCalculatorVerdict == nil else { return true }
        for byte in bytes {
            switch byte {
            case StepParser.comma:
                // Another piece follows: it must replay on two entries at least.
                if !replayPiece() || pool.count < 2 {
                    decidedCalculatorVerdict = false
                    return true
                }
            case StepParser.newline:
                decidedCalculatorVerdict = validAtEnd()
                return true
            default:
                piece.append(byte)
            }
        }
        return false
    }

    /// `CalculatorRepair.isValid` of the text appended so far taken as the whole completion.
    public var validIfEndedHere: Bool {
        if let decidedCalculatorVerdict { return decidedCalculatorVerdict }
        var copy = self
        return copy.validAtEnd()
    }

    private mutating func validAtEnd() -> Bool {
        replayPiece() && pool.holdsOnly(target)
    }

    /// Parses and replays the pending piece; the next piece starts empty.
    private mutating func replayPiece() -> Bool {
        defer { piece.removeAll(keepingCapacity: true) }
        let outcome = piece.withUnsafeBufferPointer { bytes in
            StepParser(text: bytes).parsePiece(from: 0, to: bytes.count)
        }
        guard case let .step(step) = outcome else { return false }
        return pool.replay(step)
    }
}
