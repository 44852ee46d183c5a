/// Follows a completion as it is generated and says when its verdict is decided (`docs/rules.md`
/// section 8): once a completed piece (one followed by `,` or a newline) fails section 3's checks,
/// or once a newline ends the first line. From then on no further text can change the verdict, so
/// generation may stop; the text up to here gets the verdict the whole text would get.
///
/// Incremental: each byte is looked at once, each piece is parsed and replayed once when its `,` or
/// newline arrives, and only the pool and the bytes of the unfinished piece are kept. Bytes may come
/// in any split (a token that ends one number and starts the next, a comma inside a longer token):
/// only the byte sequence matters. Non-ASCII bytes may come in any form (raw, or repaired to U+FFFD):
/// either way they make their piece a `format` error, and commas and newlines are ASCII.
package struct VerdictTracker: Sendable {
    private let target: Int64
    private var pool: CountedPool
    /// The bytes of the piece after the last `,`, not yet checked.
    private var piece: [UInt8] = []
    /// Set once the verdict is decided.
    package private(set) var decidedVerdict: Verdict?

    package init(puzzle: Puzzle) {
        target = puzzle.target
        pool = puzzle.numbers.withUnsafeBufferPointer { CountedPool(numbers: $0) }
    }

    package var isDecided: Bool { decidedVerdict != nil }

    /// Appends generated text (UTF-8 bytes); true once the verdict is decided (this or an earlier call).
    @discardableResult
    package mutating func append(_ bytes: some Sequence<UInt8>) -> Bool {
        guard decidedVerdict == nil else { return true }
        for byte in bytes {
            switch byte {
            case StepParser.comma:
                if let failure = checkPiece() {
                    decidedVerdict = Verdict(failure: failure)
                    return true
                }
            case StepParser.newline:
                decidedVerdict = verdictAtEnd()
                return true
            default:
                piece.append(byte)
            }
        }
        return false
    }

    /// The verdict of the text appended so far taken as the whole completion (as the generation had
    /// ended here): equal to `Verifier.verify` of that text.
    package var verdictIfEndedHere: Verdict {
        if let decidedVerdict { return decidedVerdict }
        var copy = self
        return copy.verdictAtEnd()
    }

    /// Checks the last piece and then the pool, as section 3 does after the last piece.
    private mutating func verdictAtEnd() -> Verdict {
        if let failure = checkPiece() { return Verdict(failure: failure) }
        return Verifier.finalVerdict(pool, target: target)
    }

    /// Parses and replays the pending piece; the next piece starts empty.
    private mutating func checkPiece() -> VerificationFailure? {
        defer { piece.removeAll(keepingCapacity: true) }
        return piece.withUnsafeBufferPointer { bytes in
            Verifier.replay(StepParser(text: bytes).parsePiece(from: 0, to: bytes.count), on: &pool)
        }
    }
}
