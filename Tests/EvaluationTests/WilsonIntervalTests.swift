import Evaluation
import Puzzles
import Testing

@Suite("Wilson interval")
struct WilsonIntervalTests {
    struct Case: CustomStringConvertible, Sendable {
        var successes: Int
        var trials: Int
        var lower: Double
        var upper: Double
        var description: String { "\(successes)/\(trials)" }
    }

    // Hand-checked: (p + z²/2n ± z·sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n) with z = 1.959964;
    // 0/10 → [0, 0.2775] and 5/10 → [0.2366, 0.7634] are the textbook values.
    @Test("95% bounds for hand-checked counts", arguments: [
        Case(successes: 0, trials: 10, lower: 0, upper: 0.2775327998628892),
        Case(successes: 10, trials: 10, lower: 0.7224672001371107, upper: 1),
        Case(successes: 5, trials: 10, lower: 0.236593090512564, upper: 0.7634069094874361),
        Case(successes: 1, trials: 3, lower: 0.06149194472039615, upper: 0.7923403991979523),
        Case(successes: 216, trials: 1000, lower: 0.19160700894892252, upper: 0.24256658987087282),
        Case(successes: 648, trials: 3000, lower: 0.20164255216456434, upper: 0.2310838339114208),
    ])
    func bounds(_ testCase: Case) {
        let interval = WilsonInterval(successes: testCase.successes, trials: testCase.trials)
        #expect(abs(interval.lower - testCase.lower) < 1e-12)
        #expect(abs(interval.upper - testCase.upper) < 1e-12)
    }

    @Test("pass@1 and the interval of a tally come from its records")
    func tally() {
        let valid = ItemRecord(id: "a", set: "in-domain", n: 5, prompt: "1, 2: 3",
                               completion: BackendCompletion(text: "1+2=3", generatedTokens: 6, stop: .eos),
                               verdict: .valid, depth: 2, calculator: true)
        let wrong = ItemRecord(id: "b", set: "in-domain", n: 5, prompt: "1, 2: 3",
                               completion: BackendCompletion(text: "1*2=2", generatedTokens: 9, stop: .length),
                               verdict: .init(failure: .target), depth: 3, calculator: false)
        let tally = Tally(n: 5, records: [valid, wrong, wrong])
        #expect(tally.puzzles == 3)
        #expect(tally.shortcut?.puzzles == 1 && tally.shortcut?.valid == 1 && tally.shortcut?.passAt1 == 1)
        #expect(tally.deep?.puzzles == 2 && tally.deep?.valid == 0 && tally.deep?.passAt1 == 0)
        #expect(tally.byDepth?["2"]?.puzzles == 1 && tally.byDepth?["3"]?.puzzles == 2)
        #expect(tally.byDepth?["0"]?.puzzles == 0 && tally.byDepth?["0"]?.passAt1 == nil)
        #expect(tally.calculator == CalculatorTally(valid: 1, arithmeticOnly: 0))
        #expect(tally.valid == 1)
        #expect(tally.passAt1 == 1.0 / 3.0)
        #expect(tally.wilson95 == WilsonInterval(successes: 1, trials: 3))
        #expect(tally.errors == ["format": 0, "operand": 0, "arithmetic": 0, "overflow": 0, "incomplete": 0, "target": 2])
        #expect(tally.stoppedByLength == 2)
        #expect(tally.generatedTokens == 24)
    }
}
