import Puzzles
import Testing

@Suite("VerdictTracker: deciding while the text is generated")
struct VerdictTrackerTests {
    private let puzzle = Puzzle(numbers: [3, 6, 7, 51, 58], target: 4)

    /// Feeds `chunks` in order; returns the index of the chunk after which the verdict was decided.
    private func feed(_ chunks: [String], _ tracker: inout VerdictTracker) -> Int? {
        for (index, chunk) in chunks.enumerated() where tracker.append(chunk.utf8) {
            return index
        }
        return nil
    }

    @Test("decided at the comma that ends a failing piece, and not before")
    func decidedAtTheComma() {
        var tracker = VerdictTracker(puzzle: puzzle)
        // "58-51=8" fails arithmetic, but only its comma completes it.
        let decidedAt1 = feed(["58", "-", "51", "=", "8"], &tracker)
        #expect(decidedAt1 == nil)
        let decided2 = tracker.append(", 6".utf8)
        #expect(decided2)
        #expect(tracker.decidedVerdict == Verdict(failure: .arithmetic))
        // Text after the decision changes nothing.
        let decided3 = tracker.append("garbage\n".utf8)
        #expect(decided3)
        #expect(tracker.decidedVerdict == Verdict(failure: .arithmetic))
    }

    @Test("a number split over several chunks, and a comma inside a longer chunk")
    func splitChunks() {
        var tracker = VerdictTracker(puzzle: puzzle)
        let decidedAt4 = feed(["5", "8-5", "1=7,", " 6-", "7=-", "1, 3*-1=-", "3, -3", "+7=4"], &tracker)
        #expect(decidedAt4 == nil)
        #expect(tracker.verdictIfEndedHere == .valid)
        var failing = VerdictTracker(puzzle: puzzle)
        // "1=8, 6" carries the end of the failing piece, its comma and the next number at once.
        let decidedAt5 = feed(["5", "8-5", "1=8, 6", "-7=-1"], &failing)
        #expect(decidedAt5 == 2)
        #expect(failing.decidedVerdict == Verdict(failure: .arithmetic))
    }

    @Test("a newline decides, whatever the pieces before it")
    func newlineDecides() {
        var valid = VerdictTracker(puzzle: puzzle)
        let decidedAt6 = feed(["58-51=7, 6-7=-1, 3*-1=-3, -3+7=4", "\n", "more"], &valid)
        #expect(decidedAt6 == 1)
        #expect(valid.decidedVerdict == .valid)
        var incomplete = VerdictTracker(puzzle: puzzle)
        let decidedAt7 = feed(["58-51=7", "\n"], &incomplete)
        #expect(decidedAt7 == 1)
        #expect(incomplete.decidedVerdict == Verdict(failure: .incomplete))
        var empty = VerdictTracker(puzzle: puzzle)
        let decided8 = empty.append("\n1+2=3".utf8)
        #expect(decided8)
        #expect(empty.decidedVerdict == Verdict(failure: .format))
    }

    @Test("a failing last piece with no comma after it is not decided: the end (EOS) completes it")
    func failingLastPieceWaitsForTheEnd() {
        var tracker = VerdictTracker(puzzle: puzzle)
        let decided9 = tracker.append("58-51=8".utf8)
        #expect(!decided9)
        #expect(!tracker.isDecided)
        #expect(tracker.verdictIfEndedHere == Verdict(failure: .arithmetic))
    }

    @Test("non-ASCII bytes, whole or in parts, make their piece a format error")
    func nonASCIIBytes() {
        var split = VerdictTracker(puzzle: puzzle)
        // U+2212 MINUS SIGN as three separate bytes, as byte-fallback tokens give it.
        let decidedAt10 = feed(["58"], &split)
        #expect(decidedAt10 == nil)
        let decided11 = split.append([0xE2])
        #expect(!decided11)
        let decided12 = split.append([0x88, 0x92])
        #expect(!decided12)
        let decided13 = split.append("51=7,".utf8)
        #expect(decided13)
        #expect(split.decidedVerdict == Verdict(failure: .format))
        var repaired = VerdictTracker(puzzle: puzzle)
        let decided14 = repaired.append("58\u{FFFD}51=7,".utf8)
        #expect(decided14)
        #expect(repaired.decidedVerdict == Verdict(failure: .format))
    }

    @Test("whole text: the verdict when decided, or at the end, is the verifier's; the decided prefix gets it too")
    func agreesWithTheVerifier() throws {
        var random = SplitMix64(state: 77)
        let valid = "58-51=7, 6-7=-1, 3*-1=-3, -3+7=4"
        let alphabet: [String] = ["0", "1", "7", "3", "-", "+", "*", "/", "=", ",", ", ", " ", "\t", "\r", "\n",
                                  "x", "\u{2212}", "é", "58", "51", "-1", "99999999999999999999"]
        for round in 0..<20_000 {
            var text: String
            if round % 2 == 0 {
                text = ""
                for _ in 0..<Int(random.uniform(below: 20)) {
                    text += alphabet[Int(random.uniform(below: UInt64(alphabet.count)))]
                }
            } else {
                var chars = Array(valid)
                let position = Int(random.uniform(below: UInt64(chars.count)))
                chars.insert(Array(alphabet[Int(random.uniform(below: UInt64(alphabet.count)))]).first!, at: position)
                if random.uniform(below: 2) == 0 { chars.remove(at: Int(random.uniform(below: UInt64(chars.count)))) }
                text = String(chars)
            }
            let bytes = Array(text.utf8)
            let whole = Verifier.verify(text, for: puzzle)
            // Random chunking, byte-exact.
            var tracker = VerdictTracker(puzzle: puzzle)
            var offset = 0
            var decidedAt: Int?
            while offset < bytes.count {
                let length = min(bytes.count - offset, 1 + Int(random.uniform(below: 4)))
                if tracker.append(bytes[offset..<(offset + length)]) {
                    decidedAt = offset + length
                    break
                }
                offset += length
            }
            if let decidedAt {
                let prefix = String(decoding: bytes[..<decidedAt], as: UTF8.self)
                #expect(tracker.decidedVerdict == whole, "\(text.debugDescription)")
                #expect(Verifier.verify(prefix, for: puzzle) == whole, "\(text.debugDescription)")
            } else {
                #expect(tracker.verdictIfEndedHere == whole, "\(text.debugDescription)")
            }
        }
    }
}
