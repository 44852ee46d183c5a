/// Follows a completion as it is generated and says when calculator repair (`docs/rules.md`
/// section 7) is decided: `CalculatorRepair.isValid` of the whole text, known before the text ends,
/// as `VerdictTracker` knows the verdict.
///
/// Decided invalid once a completed piece (one followed by `,` or a newline) is not a step or does
/// not replay, once a `,` follows a piece that left a single entry (the next piece would need two),
/// or once no steps at all on the true values left can reach the target (checked with `Solver` on
/// pools of at most `reachCheckLimit` entries); decided at the newline that ends the first line
/// otherwise. A valid diagnosis is never decided before that newline, since a later piece could
/// still fail. Bytes may come in any split;
/// each piece is parsed and replayed once, and only the pool and the unfinished piece are kept.
package struct CalculatorTracker: Sendable {
    private let target: Int64
    private var pool: CalculatorPool
    /// The bytes of the piece after the last `,`, not yet checked.
    private var piece: [UInt8] = []
    /// Set once calculator repair is decided: whether the completion is valid with a calculator.
    package private(set) var decidedCalculatorVerdict: Bool?

    package init(puzzle: Puzzle) {
        target = puzzle.target
        pool = CalculatorPool(puzzle: puzzle)
    }

    package var isDecided: Bool { decidedCalculatorVerdict != nil }

    /// Appends generated text (UTF-8 bytes); true once the diagnosis is decided (this or an earlier call).
    @discardableResult
    package mutating func append(_ bytes: some Sequence<UInt8>) -> Bool {
        guard decidedCalculatorVerdict == nil else { return true }
        for byte in bytes {
            switch byte {
            case StepParser.comma:
                // Another piece follows: it must replay on two entries at least, and the plan must
                // still be able to reach the target.
                if !replayPiece() || pool.count < 2 || !targetReachable() {
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
    package var validIfEndedHere: Bool {
        if let decidedCalculatorVerdict { return decidedCalculatorVerdict }
        var copy = self
        return copy.validAtEnd()
    }

    /// Pools of up to this many entries are searched for a way to the target: an unreachable pool of
    /// 5 takes the solver well under a millisecond, one of 6 about 0.1 s and one of 7 seconds, too
    /// slow to run after every step of every completion.
    static let reachCheckLimit = 5

    /// False only when no sequence of steps on the true values left reaches the target. A calculator
    /// step picks its operands by shown value, which only narrows the steps open to it, so then no
    /// continuation is valid with a calculator.
    private func targetReachable() -> Bool {
        guard pool.count <= Self.reachCheckLimit else { return true }
        return Solver.solve(Puzzle(numbers: pool.trueValues, target: target)) != nil
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
