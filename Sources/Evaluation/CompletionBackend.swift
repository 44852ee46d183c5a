/// What the evaluator asks a model for: one zero-shot prompt, identified by its test-set item id.
public struct EvalPrompt: Hashable, Sendable {
    public var id: String
    /// The prompt text exactly as the paper's format writes it (`34, 18, 31, 41, 19, 55: -110`).
    public var text: String

    public init(id: String, text: String) {
        self.id = id
        self.text = text
    }
}

/// Why generation stopped.
public enum StopReason: String, Codable, Sendable, CaseIterable {
    /// The model produced its end-of-sequence token (or a stop string).
    case eos
    /// `maxNewTokens` tokens were generated first.
    case length
    /// The verdict was decided (`docs/rules.md` section 8: a completed piece failed, or a newline
    /// ended the first line), so generation stopped there; the text is what was generated up to then.
    case decided
}

/// One completion as a backend produced it.
public struct BackendCompletion: Hashable, Sendable {
    /// The generated text, without the prompt and without the end-of-sequence token.
    public var text: String
    /// Tokens generated, the end-of-sequence token included when one was produced.
    public var generatedTokens: Int
    public var stop: StopReason

    public init(text: String, generatedTokens: Int, stop: StopReason) {
        self.text = text
        self.generatedTokens = generatedTokens
        self.stop = stop
    }
}

/// What a backend can do beyond producing completions, declared by its type so that callers ask
/// it instead of knowing which kinds of backend can do what.
public struct BackendCapabilities: Sendable, Hashable {
    /// Whether it can end a completion as soon as what it is judged on is decided (`DecodingSettings.earlyStop`).
    public var earlyStop: Bool

    public init(earlyStop: Bool) {
        self.earlyStop = earlyStop
    }

    /// Completions only: what a rule program or a server that generates to a stop string offers.
    public static let completionsOnly = BackendCapabilities(earlyStop: false)
}

extension DecodingSettings {
    /// These settings with what `capabilities` cannot do turned off: what a backend records as
    /// the way it decodes when asked for these.
    public func limited(to capabilities: BackendCapabilities) -> DecodingSettings {
        var settings = self
        settings.earlyStop = earlyStop && capabilities.earlyStop
        settings.earlyStopDecidesCalculator = earlyStopDecidesCalculator && settings.earlyStop
        return settings
    }
}

/// A model as the evaluator sees it: prompts in, one greedy completion per prompt out.
///
/// The evaluator owns this protocol so that it never depends on a model implementation: the local
/// model (LocalBackend), models on inference servers (EndpointBackend) and the rule backends all
/// conform to it.
public protocol CompletionBackend {
    /// What every backend of this type can do.
    static var capabilities: BackendCapabilities { get }

    /// Identity and decoding settings, recorded in the run's files; two runs with different
    /// descriptors are never mixed in one run directory.
    var descriptor: BackendDescriptor { get }

    /// Completes every prompt exactly once, in any order and in batches of the backend's choosing,
    /// calling `onCompletion(index into prompts, completion)` as each one finishes.
    ///
    /// An error thrown by `onCompletion` (an interruption, a full disk) must stop the backend and be
    /// rethrown; completions reported before it are kept by the caller.
    func complete(_ prompts: [EvalPrompt], onCompletion: (Int, BackendCompletion) throws -> Void) throws
}

extension CompletionBackend {
    /// Backends answer with completions only unless they declare more.
    public static var capabilities: BackendCapabilities { .completionsOnly }
}
