/// A backend that is a rule program rather than a model: it answers each prompt from a table of
/// solutions (solving or computing what the table lacks). The oracle and the garbler check the
/// harness end to end; the shortcut rule is the no-planning baseline.
///
/// Tokens are counted as characters, plus one end-of-sequence token, and `maxNewTokens` cuts the text
/// as it would a model's. Each batch of `batchSize` prompts is reported last to first, as a batching
/// backend may finish them out of order.
public struct RuleBackend: CompletionBackend {
    /// Which rule answers; each is recorded as its own backend kind.
    package enum Rule: Sendable {
        /// Every prompt gets a correct solution: the reference response when the table knows the
        /// prompt, otherwise the solver's. Expected pass@1: 1.0 on every set.
        case oracle(ReferenceAnswers)
        /// Every prompt gets a wrong answer (`ReferenceAnswers.garbled`): pass@1 0.0 with every error
        /// code represented.
        case garbler(ReferenceAnswers)
        /// Shortcut puzzles get their shortcut solution, deep ones a fixed invalid attempt
        /// (`ShortcutAnswers`): pass@1 is the share of shortcut puzzles.
        case shortcut(ShortcutAnswers)

        /// The descriptor's `kind`, as run directories record it.
        var kind: String {
            switch self {
            case .oracle: "oracle"
            case .garbler: "garbler"
            case .shortcut: "shortcut"
            }
        }

        func answer(for prompt: String) throws -> String {
            switch self {
            case let .oracle(references): try references.solution(for: prompt) ?? ""
            case let .garbler(references): try references.garbled(prompt).text
            case let .shortcut(answers): try answers.answer(for: prompt)
            }
        }
    }

    public let descriptor: BackendDescriptor
    let rule: Rule

    package init(_ rule: Rule, decoding: DecodingSettings = DecodingSettings()) {
        descriptor = BackendDescriptor(kind: rule.kind, decoding: decoding.limited(to: Self.capabilities))
        self.rule = rule
    }

    public func complete(_ prompts: [EvalPrompt], onCompletion: (Int, BackendCompletion) throws -> Void) throws {
        let decoding = descriptor.decoding
        let batchSize = max(1, decoding.batchSize)
        for batchStart in stride(from: 0, to: prompts.count, by: batchSize) {
            let batch = batchStart..<min(batchStart + batchSize, prompts.count)
            let completions = try batch.map { index in
                Self.limited(try rule.answer(for: prompts[index].text), maxNewTokens: decoding.maxNewTokens)
            }
            for (index, completion) in zip(batch, completions).reversed() {
                try onCompletion(index, completion)
            }
        }
    }

    static func limited(_ text: String, maxNewTokens: Int) -> BackendCompletion {
        let characters = text.count
        if characters + 1 <= maxNewTokens {
            return BackendCompletion(text: text, generatedTokens: characters + 1, stop: .eos)
        }
        return BackendCompletion(text: String(text.prefix(maxNewTokens)), generatedTokens: maxNewTokens, stop: .length)
    }
}
