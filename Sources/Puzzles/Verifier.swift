/// Checks a completion against a puzzle exactly as `docs/rules.md` section 3 defines.
///
/// Piece by piece: each piece is parsed and replayed on the pool before the next one is looked at,
/// so the first failing piece decides the error and nothing after it can change the verdict (what
/// lets `VerdictTracker` stop generation early). It reads bytes, never evaluates text, never traps,
/// and works in time and memory linear in the input: integers of any length are scanned without
/// being materialised, and only the pool is kept.
public enum Verifier {
    public static func verify(_ completion: String, for puzzle: Puzzle) -> Verdict {
        puzzle.numbers.withUnsafeBufferPointer { numbers in
            if let verdict = completion.utf8.withContiguousStorageIfAvailable({
                verify(utf8: $0, numbers: numbers, target: puzzle.target)
            }) {
                return verdict
            }
            return Array(completion.utf8).withUnsafeBufferPointer {
                verify(utf8: $0, numbers: numbers, target: puzzle.target)
            }
        }
    }

    static func verify(utf8 text: UnsafeBufferPointer<UInt8>, numbers: UnsafeBufferPointer<Int64>,
                       target: Int64) -> Verdict {
        // A linear scan of the pool is fastest for the puzzle's handful of numbers; a counted multiset
        // keeps huge hostile prompts linear.
        if numbers.count <= 64 {
            return withUnsafeTemporaryAllocation(of: Int64.self, capacity: max(numbers.count, 1)) { storage in
                var pool = ScannedPool(storage: storage, numbers: numbers)
                return check(text, pool: &pool, target: target)
            }
        }
        var pool = CountedPool(numbers: numbers)
        return check(text, pool: &pool, target: target)
    }

    private static func check<Pool: ReplayPool>(_ text: UnsafeBufferPointer<UInt8>, pool: inout Pool,
                                                target: Int64) -> Verdict {
        let parser = StepParser(text: text)
        let line = parser.firstLine()
        var pieceStart = line.lowerBound
        while true {
            let pieceEnd = parser.pieceEnd(from: pieceStart, before: line.upperBound)
            if let failure = replay(parser.parsePiece(from: pieceStart, to: pieceEnd), on: &pool) {
                return Verdict(failure: failure)
            }
            if pieceEnd >= line.upperBound { break }
            pieceStart = pieceEnd + 1
        }
        return finalVerdict(pool, target: target)
    }

    /// Section 3's checks of one piece: its own (`format`, `overflow`), then its replay on the pool,
    /// which it updates. nil when the piece is a step that replays.
    static func replay<Pool: ReplayPool>(_ piece: StepParser.PieceOutcome, on pool: inout Pool) -> VerificationFailure? {
        guard case let .step(step) = piece else { return piece.failure }
        guard pool.removePair(step.lhs, step.rhs) else { return .operand }
        switch step.op.apply(step.lhs, step.rhs) {
        case .overflow:
            return .overflow
        case .divisionByZero:
            return .arithmetic
        case let .value(result):
            guard result == step.result else { return .arithmetic }
            pool.insert(result)
            return nil
        }
    }

    /// Section 3's checks after the last piece.
    static func finalVerdict<Pool: ReplayPool>(_ pool: Pool, target: Int64) -> Verdict {
        guard pool.count == 1 else {
            return Verdict(failure: pool.count > 1 ? .incomplete : .operand)
        }
        return pool.onlyValue == target ? .valid : Verdict(failure: .target)
    }
}
