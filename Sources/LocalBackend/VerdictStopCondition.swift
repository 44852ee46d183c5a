import Llama
import Puzzles
import Tokenization

/// `reckon score`'s early stop (`docs/rules.md` section 8): ends a completion once both its verdict
/// and its calculator repair (section 7) are decided, so that the text up to the stop gets the
/// verdict and the calculator diagnosis the whole text would get. Each generated id goes through the
/// incremental detokenizer into both trackers, so a token costs the decoding of a short window and a
/// look at its new bytes, never a pass over the whole text; the Llama decoder only sees a yes or no.
struct VerdictStopCondition: SequenceStopCondition {
    private var text: IncrementalDetokenizer
    private var verdict: VerdictTracker
    private var calculator: CalculatorTracker

    init(puzzle: Puzzle, tokenizer: Tokenizer) {
        text = IncrementalDetokenizer(tokenizer: tokenizer)
        verdict = VerdictTracker(puzzle: puzzle)
        calculator = CalculatorTracker(puzzle: puzzle)
    }

    /// The verdict, once decided.
    var decidedVerdict: Verdict? { verdict.decidedVerdict }

    /// Whether the completion is valid with a calculator, once decided.
    var decidedCalculatorVerdict: Bool? { calculator.decidedCalculatorVerdict }

    mutating func shouldStop(after token: Int) -> Bool {
        let bytes = text.append(token)
        // Both trackers see every byte until each is decided; an arithmetic mistake decides the
        // verdict but not calculator repair, which reads on.
        let verdictDecided = verdict.append(bytes)
        let calculatorDecided = calculator.append(bytes)
        return verdictDecided && calculatorDecided
    }
}
