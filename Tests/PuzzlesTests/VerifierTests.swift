import Puzzles
import Testing

@Suite("Verifier")
struct VerifierTests {
    private func verdict(_ completion: String, _ prompt: String) throws -> VerificationFailure? {
        Verifier.verify(completion, for: try PromptParser.parse(prompt)).failure
    }

    @Test("the paper's two examples verify")
    func paperExamples() throws {
        #expect(try verdict("58-51=7, 6-7=-1, 3*-1=-3, -3+7=4", "3, 6, 7, 51, 58: 4") == nil)
        #expect(try verdict("31-34=-3, 19+41=60, 60/-3=-20, -20/18=-2, -2*55=-110",
                            "34, 18, 31, 41, 19, 55: -110") == nil)
    }

    @Test("each error code comes from a minimal case", arguments: [
        ("", "1, 2: 3", VerificationFailure.format),
        ("1+2=3,", "1, 2: 3", .format),
        ("1+2", "1, 2: 3", .format),
        ("one plus two", "1, 2: 3", .format),
        ("1 + 2 = 3 = 3", "1, 2: 3", .format),
        ("1+2=3, 3+3=6", "1, 2: 3", .operand),
        ("7-7=0", "7, 1: 0", .operand),
        ("1+2=4", "1, 2: 3", .arithmetic),
        ("1/0=0", "1, 0: 0", .arithmetic),
        ("99999999999999999999+1=5", "1, 2: 3", .overflow),
        ("9223372036854775807+1=0", "9223372036854775807, 1: 0", .overflow),
        ("1+2=3", "1, 2, 3: 6", .incomplete),
        ("1+2=3", "1, 2: 4", .target),
    ])
    func minimalCases(completion: String, prompt: String, expected: VerificationFailure) throws {
        #expect(try verdict(completion, prompt) == expected)
    }

    @Test("division rounds toward negative infinity", arguments: [
        ("-20/18=-2", "-20, 18: -2"), ("7/2=3", "7, 2: 3"), ("-7/2=-4", "-7, 2: -4"), ("7/-2=-4", "7, -2: -4"),
        ("-7/-2=3", "-7, -2: 3"), ("6/3=2", "6, 3: 2"),
    ])
    func floorDivision(completion: String, prompt: String) throws {
        #expect(try verdict(completion, prompt) == nil)
    }

    @Test("truncating division is an arithmetic error")
    func truncationIsWrong() throws {
        #expect(try verdict("-7/2=-3", "-7, 2: -3") == .arithmetic)
        #expect(try verdict("-20/18=-1", "-20, 18: -1") == .arithmetic)
    }

    @Test("7-7 with a single 7 is an operand error, with two 7s it is fine")
    func multiset() throws {
        #expect(try verdict("7-7=0, 0+3=3", "7, 3: 3") == .operand)
        #expect(try verdict("7-7=0, 0+3=3", "7, 7, 3: 3") == nil)
    }

    @Test("64-bit edges: Int64.min parses, one past Int64.max and overflowing results are overflow")
    func int64Edges() throws {
        #expect(try verdict("-9223372036854775808+0=-9223372036854775808",
                            "-9223372036854775808, 0: -9223372036854775808") == nil)
        #expect(try verdict("9223372036854775808+0=0", "1, 0: 1") == .overflow)
        #expect(try verdict("-9223372036854775809+0=0", "1, 0: 1") == .overflow)
        #expect(try verdict("-9223372036854775808/-1=0", "-9223372036854775808, -1: 0") == .overflow)
        #expect(try verdict("-9223372036854775808*-1=0", "-9223372036854775808, -1: 0") == .overflow)
        #expect(try verdict("-9223372036854775808--1=-9223372036854775807",
                            "-9223372036854775808, -1: -9223372036854775807") == nil)
        #expect(try verdict("0000000000000000000000000000003+4=7", "3, 4: 7") == nil)
    }

    @Test("only the first line counts, surrounding blanks are trimmed, blanks between parts are allowed")
    func layout() throws {
        #expect(try verdict("  1 + 2 = 3\t\r\nanything at all", "1, 2: 3") == nil)
        #expect(try verdict("1+2=3 ,3 *\t3=9", "1, 2, 3: 9") == nil)
        #expect(try verdict("\n1+2=3", "1, 2: 3") == .format)
        #expect(try verdict("1 +2=3, - 3*3=-9", "1, 2, 3: -9") == .format)
    }

    @Test("piece by piece: the first failing piece decides, whatever follows it")
    func firstFailingPieceDecides() throws {
        // A failing early step wins over a malformed later piece (until 2026-11-30 the later piece did).
        #expect(try verdict("5+5=10, garbage", "1, 2: 3") == .operand)
        #expect(try verdict("5+5=10, 99999999999999999999+1=2", "1, 2: 3") == .operand)
        #expect(try verdict("1+2=4, garbage", "1, 2: 3") == .arithmetic)
        #expect(try verdict("1/0=0, 1+", "1, 0: 0") == .arithmetic)
        // A malformed early piece still wins over a later replay error.
        #expect(try verdict("garbage, 5+5=10", "1, 2: 3") == .format)
        #expect(try verdict("1+2=3, 99999999999999999999+1=2", "1, 2: 3") == .overflow)
        // A step past the last one finds one number in the pool.
        #expect(try verdict("1+2=3, 3+3=6, x", "1, 2: 3") == .operand)
    }

    @Test("unicode operators and signs are format errors")
    func unicode() throws {
        #expect(try verdict("1\u{2212}2=-1", "1, 2: -1") == .format)
        #expect(try verdict("2\u{00D7}3=6", "2, 3: 6") == .format)
        #expect(try verdict("\u{FF11}+2=3", "1, 2: 3") == .format)
    }

    @Test("prompts with many numbers use the counted pool and agree with the reference")
    func largePool() throws {
        let numbers = (1...200).map(Int64.init)
        var steps: [String] = []
        var pool = numbers
        while pool.count > 1 {
            let a = pool.removeFirst(), b = pool.removeFirst()
            steps.append("\(a)+\(b)=\(a + b)")
            pool.append(a + b)
        }
        let puzzle = Puzzle(numbers: numbers, target: pool[0])
        #expect(Verifier.verify(steps.joined(separator: ", "), for: puzzle).isValid)
        let broken = steps.dropLast().joined(separator: ", ")
        #expect(Verifier.verify(broken, for: puzzle).failure == .incomplete)
        let repeated = (steps + [steps[0]]).joined(separator: ", ")
        #expect(Verifier.verify(repeated, for: puzzle).failure == .operand)
    }
}
