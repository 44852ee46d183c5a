/// What the last `GreedyDecoder.decode` call did, for throughput reports.
///
/// A step that processes any prompt token counts as a prefill step (it may also carry decode
/// rows of other slots); a step of decode rows only counts as a decode step.
package struct DecodeStatistics: Sendable, Hashable {
    /// Prompt tokens processed.
    package var promptTokens = 0
    /// Tokens generated, EOS included (each is one argmax over a logit row).
    package var generatedTokens = 0
    /// Prompts completed.
    package var completions = 0
    /// Forward passes that processed prompt tokens, and their wall-clock time.
    package var prefillSteps = 0
    package var prefillDuration = Duration.zero
    /// Forward passes of decode rows only, their rows, and their wall-clock time.
    package var decodeSteps = 0
    package var decodeStepRows = 0
    package var decodeDuration = Duration.zero

    package init() {}
}

extension DecodeStatistics {
    mutating func record(step: StepRows, decodeRows: Int, duration: Duration) {
        let promptRows = step.count - decodeRows
        promptTokens += promptRows
        if promptRows > 0 {
            prefillSteps += 1
            prefillDuration += duration
        } else {
            decodeSteps += 1
            decodeStepRows += decodeRows
            decodeDuration += duration
        }
    }
}
