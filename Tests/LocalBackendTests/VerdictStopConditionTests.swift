import Foundation
import Puzzles
import Testing
import Tokenization

@testable import LocalBackend

/// `reckon score`'s early stop on real tokenizers: generated ids in, "stop" out once the verdict and
/// calculator repair are decided, never before, and the text up to there gets the verdict and the
/// calculator diagnosis the whole text gets.
@Suite("Early stop: the verdict stop condition, token by token")
struct VerdictStopConditionTests {
    private let puzzle = Puzzle(numbers: [3, 6, 7, 51, 58], target: 4)

    /// The repository root: three levels above this file.
    private static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The fixture tokenizer.json (digits split, byte fallback) with extra multi-character tokens,
    /// as larger vocabularies have them: "=8,▁6" (a comma inside), "7\n" (a newline inside).
    private static func tokenizerWithMergedTokens() throws -> (Tokenizer, [String: Int]) {
        let fixture = Self.packageRoot.appendingPathComponent("Tests/Fixtures/tokenizer")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("reckon-local-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for name in ["tokenizer_config.json", "special_tokens_map.json"] {
            try FileManager.default.copyItem(at: fixture.appendingPathComponent(name),
                                             to: directory.appendingPathComponent(name))
        }
        var json = try #require(try JSONSerialization.jsonObject(
            with: Data(contentsOf: fixture.appendingPathComponent("tokenizer.json"))) as? [String: Any])
        var model = try #require(json["model"] as? [String: Any])
        var vocabulary = try #require(model["vocab"] as? [String: Int])
        var added: [String: Int] = [:]
        for token in ["=8,▁6", "7\n", "=7,▁6"] {
            added[token] = vocabulary.count
            vocabulary[token] = vocabulary.count
        }
        model["vocab"] = vocabulary
        json["model"] = model
        try JSONSerialization.data(withJSONObject: json).write(to: directory.appendingPathComponent("tokenizer.json"))
        return (try Tokenizer.load(directory: directory, kind: .tokenizerJSON), added)
    }

    private static func fixtureTokenizer(_ kind: Tokenizer.Kind) throws -> Tokenizer {
        try Tokenizer.load(directory: Self.packageRoot.appendingPathComponent("Tests/Fixtures/tokenizer"),
                           kind: kind)
    }

    /// Feeds ids until the condition says stop; returns how many ids it took (nil: never stopped).
    private func idsUntilStop(_ ids: [Int], _ tokenizer: Tokenizer) -> (count: Int?, condition: VerdictStopCondition) {
        var condition = VerdictStopCondition(puzzle: puzzle, tokenizer: tokenizer)
        for (index, id) in ids.enumerated() where condition.shouldStop(after: id) {
            return (index + 1, condition)
        }
        return (nil, condition)
    }

    private func ids(_ text: String, _ tokenizer: Tokenizer) -> [Int] {
        tokenizer.encode(text, addSpecialTokens: false)
    }

    @Test("digits split into tokens: no stop inside a failing number, a stop at the comma after it",
          arguments: [Tokenizer.Kind.sentencePiece, .tokenizerJSON])
    func splitNumber(kind: Tokenizer.Kind) throws {
        let tokenizer = try Self.fixtureTokenizer(kind)
        let failing = ids("58-50=8", tokenizer)
        let comma = ids("58-50=8, 6-7=-1", tokenizer)
        #expect(failing.count > 5, "digits are single tokens")
        let (count, condition) = idsUntilStop(comma, tokenizer)
        // Stops at the comma: 50 is no operand, for the verifier and the calculator alike.
        let stoppedText = tokenizer.decode(Array(comma.prefix(try #require(count))))
        #expect(stoppedText == "58-50=8,")
        #expect(condition.decidedVerdict == Verdict(failure: .operand))
        #expect(condition.decidedCalculatorVerdict == false)
        #expect(Verifier.verify(stoppedText, for: puzzle) == Verifier.verify("58-50=8, 6-7=-1", for: puzzle))
        // A valid first step with its comma goes on.
        #expect(idsUntilStop(ids("58-51=7, 6-7=-1, 3*-1=-3, -3+7=4", tokenizer), tokenizer).count == nil)
    }

    @Test("an arithmetic mistake decides the verdict but not calculator repair: no stop until the calculator fails too",
          arguments: [Tokenizer.Kind.sentencePiece, .tokenizerJSON])
    func arithmeticMistakeReadsOn(kind: Tokenizer.Kind) throws {
        let tokenizer = try Self.fixtureTokenizer(kind)
        // 58-51=8 is wrong; 6-9 then uses a 9 that nothing shows, so the calculator fails at its comma.
        let text = "58-51=8, 6-9=-3, 3*1=3"
        let sequence = ids(text, tokenizer)
        let (count, condition) = idsUntilStop(sequence, tokenizer)
        let stoppedText = tokenizer.decode(Array(sequence.prefix(try #require(count))))
        #expect(stoppedText == "58-51=8, 6-9=-3,")
        #expect(condition.decidedVerdict == Verdict(failure: .arithmetic))
        #expect(condition.decidedCalculatorVerdict == false)
        #expect(CalculatorRepair.isValid(stoppedText, for: puzzle) == CalculatorRepair.isValid(text, for: puzzle))
    }

    @Test("a plan that is right with a calculator stops only at the newline, valid with a calculator",
          arguments: [Tokenizer.Kind.sentencePiece, .tokenizerJSON])
    func repairedPlanStopsAtTheNewline(kind: Tokenizer.Kind) throws {
        let tokenizer = try Self.fixtureTokenizer(kind)
        let newline = try #require(tokenizer.tokenID(of: "<0x0A>"))
        let line = ids("58-51=8, 6-8=-2, 3*-2=-6, -6+7=1", tokenizer)
        let sequence = line + [newline] + ids("6-7=-1", tokenizer)
        let (count, condition) = idsUntilStop(sequence, tokenizer)
        // The newline byte token waits for the next token, then decides.
        #expect(count == line.count + 2)
        #expect(condition.decidedVerdict == Verdict(failure: .arithmetic))
        #expect(condition.decidedCalculatorVerdict == true)
        #expect(CalculatorRepair.isValid(tokenizer.decode(sequence), for: puzzle))
        // Without the newline nothing stops it: EOS or the token limit ends it.
        #expect(idsUntilStop(line, tokenizer).count == nil)
    }

    @Test("a comma inside a multi-character token stops at that token; a newline inside one too")
    func mergedTokens() throws {
        let (tokenizer, added) = try Self.tokenizerWithMergedTokens()
        let failing = ids("58-50", tokenizer) + [try #require(added["=8,▁6"])] + ids("-7=-1", tokenizer)
        let (count, condition) = idsUntilStop(failing, tokenizer)
        #expect(count == ids("58-50", tokenizer).count + 1)
        #expect(condition.decidedVerdict == Verdict(failure: .operand))
        #expect(condition.decidedCalculatorVerdict == false)
        let passing = ids("58-51", tokenizer) + [try #require(added["=7,▁6"])] + ids("-7=-1", tokenizer)
        #expect(idsUntilStop(passing, tokenizer).count == nil)
        // "7\n" ends the first line: decided (incomplete: one step of four).
        let newline = ids("58-51=", tokenizer) + [try #require(added["7\n"])] + ids("6-7=-1", tokenizer)
        let (newlineCount, newlineCondition) = idsUntilStop(newline, tokenizer)
        #expect(newlineCount == ids("58-51=", tokenizer).count + 1)
        #expect(newlineCondition.decidedVerdict == Verdict(failure: .incomplete))
        #expect(newlineCondition.decidedCalculatorVerdict == false)
    }

    @Test("a newline byte token waits for the next token, then decides; the verdict is the whole text's",
          arguments: [Tokenizer.Kind.sentencePiece, .tokenizerJSON])
    func newlineByteToken(kind: Tokenizer.Kind) throws {
        let tokenizer = try Self.fixtureTokenizer(kind)
        let newline = try #require(tokenizer.tokenID(of: "<0x0A>"))
        let sequence = ids("58-51=7", tokenizer) + [newline] + ids("6-7=-1", tokenizer)
        let (count, condition) = idsUntilStop(sequence, tokenizer)
        #expect(count == ids("58-51=7", tokenizer).count + 2)
        #expect(condition.decidedVerdict == Verdict(failure: .incomplete))
        let whole = tokenizer.decode(sequence)
        #expect(Verifier.verify(tokenizer.decode(Array(sequence.prefix(try #require(count)))), for: puzzle)
                == Verifier.verify(whole, for: puzzle))
    }

    @Test("byte-fallback tokens that only form a character together: a format error at the comma, not before",
          arguments: [Tokenizer.Kind.sentencePiece, .tokenizerJSON])
    func byteFallbackCharacter(kind: Tokenizer.Kind) throws {
        let tokenizer = try Self.fixtureTokenizer(kind)
        // U+2212 MINUS SIGN is not in the vocabulary: three byte tokens.
        let sequence = ids("58\u{2212}51=7, 6-7=-1", tokenizer)
        let bytes = try ["<0xE2>", "<0x88>", "<0x92>"].map { try #require(tokenizer.tokenID(of: $0)) }
        #expect(sequence.contains(bytes[0]) && sequence.contains(bytes[2]))
        let (count, condition) = idsUntilStop(sequence, tokenizer)
        let stoppedText = tokenizer.decode(Array(sequence.prefix(try #require(count))))
        #expect(stoppedText == "58\u{2212}51=7,")
        #expect(condition.decidedVerdict == Verdict(failure: .format))
    }

    @Test("EOS right after a failing piece: the condition never stops (EOS ends it), the verdict is unchanged",
          arguments: [Tokenizer.Kind.sentencePiece, .tokenizerJSON])
    func eosAfterFailingPiece(kind: Tokenizer.Kind) throws {
        let tokenizer = try Self.fixtureTokenizer(kind)
        let sequence = ids("58-51=7, 6-7=-2", tokenizer)
        let (count, condition) = idsUntilStop(sequence, tokenizer)
        #expect(count == nil)
        #expect(condition.decidedVerdict == nil)
        #expect(condition.decidedCalculatorVerdict == nil)
        // The decoder stops at EOS (not passed to the condition); the text is verified whole.
        #expect(Verifier.verify(tokenizer.decode(sequence), for: puzzle) == Verdict(failure: .arithmetic))
    }
}
