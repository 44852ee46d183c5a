package import Puzzles

/// One line of a run's `items.jsonl`: a puzzle, the completion it got and the verifier's verdict.
///
/// Lines carry `prompt` and `completion`, so `reckon verify --in items.jsonl` re-checks them.
package struct ItemRecord: Codable, Equatable, Sendable {
    package var id: String
    package var set: String
    package var n: Int
    package var prompt: String
    package var completion: String
    package var generatedTokens: Int
    package var stop: StopReason
    package var valid: Bool
    /// One of the six error codes of `docs/rules.md` section 3; nil when valid.
    package var error: VerificationFailure?
    /// The puzzle's shortcut depth (`docs/rules.md` section 7); nil in lines written before it existed
    /// (the run's reader fills it in from the eval sets).
    package var depth: Int?
    /// Whether the completion is valid with a calculator (section 7); nil in lines written before it
    /// existed (the run's reader recomputes it).
    package var calculator: Bool?

    package init(id: String, set: String, n: Int, prompt: String, completion: BackendCompletion, verdict: Verdict,
                depth: Int?, calculator: Bool) {
        self.id = id
        self.set = set
        self.n = n
        self.prompt = prompt
        self.completion = completion.text
        generatedTokens = completion.generatedTokens
        stop = completion.stop
        valid = verdict.isValid
        error = verdict.failure
        self.depth = depth
        self.calculator = calculator
    }

    enum CodingKeys: String, CodingKey {
        case id, set, n, prompt, completion, stop, valid, error, depth, calculator
        case generatedTokens = "generated_tokens"
    }

    /// The JSONL line, fields in a fixed order, ending in a newline.
    var jsonLine: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(96 + prompt.utf8.count + completion.utf8.count)
        bytes += Array("{\"id\":".utf8)
        JSONText.appendQuoted(id, to: &bytes)
        bytes += Array(",\"set\":".utf8)
        JSONText.appendQuoted(set, to: &bytes)
        bytes += Array(",\"n\":\(n),\"prompt\":".utf8)
        JSONText.appendQuoted(prompt, to: &bytes)
        bytes += Array(",\"completion\":".utf8)
        JSONText.appendQuoted(completion, to: &bytes)
        bytes += Array(",\"generated_tokens\":\(generatedTokens),\"stop\":\"\(stop.rawValue)\",\"valid\":\(valid),\"error\":".utf8)
        bytes += Array((error.map { "\"\($0.rawValue)\"" } ?? "null").utf8)
        bytes += Array(",\"depth\":\(depth.map(String.init) ?? "null")".utf8)
        bytes += Array(",\"calculator\":\(calculator.map { "\($0)" } ?? "null")}\n".utf8)
        return bytes
    }
}
