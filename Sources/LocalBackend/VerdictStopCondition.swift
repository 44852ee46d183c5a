import Llama
import Puzzles
import Tokenization

/// `reckon score`'s early stop (`docs/rules.md` section 8): ends a completion once its verdict is
/// decided. Each generated id goes through the incremental detokenizer into the verdict tracker, so
/// a token costs the decoding of a short window and a look at its new bytes, never a pass over the
/// whole text; the Llama decoder only sees a yes or no.
struct VerdictStopCondition: SequenceStopCondition {
    private var text: IncrementalDetokenizer
    private var tracker: VerdictTracker

    init(puzzle: Puzzle, tokenizer: Tokenizer) {
        text = IncrementalDetokenizer(tokenizer: tokenizer)
        tracker = VerdictTracker(puzzle: puzzle)
    }

    /// The verdict, once decided.
    var decidedVerdict: Verdict? { tracker.decidedVerdict }

    mutating func shouldStop(after token: Int) -> Bool {
        tracker.append(text.append(token))
    }
}
