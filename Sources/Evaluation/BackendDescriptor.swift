/// Identity of a backend and how it decodes: what makes two runs' completions comparable.
public struct BackendDescriptor: Codable, Equatable, Sendable {
    /// The kind of backend: `llama`, `endpoint` (an inference server), or a rule backend's: `oracle`,
    /// `garbler` or `shortcut` (`RuleBackend`).
    public var kind: String
    /// The model directory and its content hash; nil for the rule backends.
    package var model: ArtifactIdentity?
    /// The LoRA adapter directory and its content hash, when one is applied.
    package var adapter: ArtifactIdentity?
    /// The model behind an inference server, for the `endpoint` kind.
    package var served: ServedModelIdentity?
    public var decoding: DecodingSettings

    package init(kind: String, model: ArtifactIdentity? = nil, adapter: ArtifactIdentity? = nil,
                served: ServedModelIdentity? = nil, decoding: DecodingSettings) {
        self.kind = kind
        self.model = model
        self.adapter = adapter
        self.served = served
        self.decoding = decoding
    }

    /// How many completions the backend worked on at once. Both kinds are recorded as
    /// `decoding.batch_size` (the field predates servers); which one it is follows from the backend
    /// being served or not, and is decided here alone.
    public var parallelism: Parallelism {
        served == nil ? .batch(decoding.batchSize) : .requestsInFlightPerServer(decoding.batchSize)
    }

    /// A short human name: the model and adapter directory names, the served model's last path
    /// component and `-endpoint`, or the backend kind.
    public var displayName: String {
        if let served {
            let name = served.servedModel.split(separator: "/").last.map(String.init) ?? served.servedModel
            let safe = name.map { $0.isLetter || $0.isNumber || "._-+".contains($0) ? $0 : "_" }
            return String(safe) + "-endpoint"
        }
        guard let model else { return kind }
        let modelName = model.name
        guard let adapter else { return modelName }
        return modelName + "+" + adapter.name
    }
}

/// Decoding settings that can change the completions; all recorded, all compared on resume and merge.
public struct DecodingSettings: Codable, Equatable, Sendable {
    /// Always `greedy`: pass@1 in the paper is one greedy completion per puzzle.
    public var strategy: String
    public var maxNewTokens: Int
    /// Batched matrix products may round differently from single ones, so the batch size is part of
    /// what a result depends on. For an inference server: the requests in flight per server, which
    /// its engine may batch together.
    public var batchSize: Int
    /// Whether generation stops once a completion's verdict is decided (`docs/rules.md` section 8).
    /// Verdicts are the same either way; completions and token counts are not, so runs with and
    /// without it are kept apart. Runs recorded before the setting existed did not stop early.
    public var earlyStop: Bool
    /// Whether early stop also waited for calculator repair (section 7) to be decided, so that the
    /// calculator figures are measured. Written to `identity.json` as
    /// `early_stop_decides_calculator: true` only then; absent, an early-stop run followed the old
    /// rule, which stopped at the first failing piece and so never saw a repaired plan. Always false
    /// without early stop.
    public var earlyStopDecidesCalculator: Bool

    /// Whether the run's completions tell calculator repair: without early stop, or with the rule
    /// that waits for it.
    public var measuresCalculatorRepair: Bool { !earlyStop || earlyStopDecidesCalculator }

    /// Longer than any reference response of the committed sets: the longest is 148 characters and
    /// 149 tokens with an OpenLLaMA-style tokenizer (digits split, dummy prefix), 150 with EOS. Such a
    /// tokenizer never needs more tokens than characters plus the leading-space token for this text.
    public static let defaultMaxNewTokens = 160
    public static let defaultBatchSize = 1

    /// Early stop, when asked for, is the current rule (it waits for calculator repair).
    public init(maxNewTokens: Int = Self.defaultMaxNewTokens, batchSize: Int = Self.defaultBatchSize,
                earlyStop: Bool = false) {
        strategy = "greedy"
        self.maxNewTokens = maxNewTokens
        self.batchSize = batchSize
        self.earlyStop = earlyStop
        earlyStopDecidesCalculator = earlyStop
    }

    enum CodingKeys: String, CodingKey {
        case strategy
        case maxNewTokens = "max_new_tokens"
        case batchSize = "batch_size"
        case earlyStop = "early_stop"
        case earlyStopDecidesCalculator = "early_stop_decides_calculator"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        strategy = try container.decode(String.self, forKey: .strategy)
        maxNewTokens = try container.decode(Int.self, forKey: .maxNewTokens)
        batchSize = try container.decode(Int.self, forKey: .batchSize)
        earlyStop = try container.decodeIfPresent(Bool.self, forKey: .earlyStop) ?? false
        let decidesCalculator = try container.decodeIfPresent(Bool.self, forKey: .earlyStopDecidesCalculator) ?? false
        earlyStopDecidesCalculator = earlyStop && decidesCalculator
    }

    /// The new key only when true, so that files written without early stop, or by the old rule,
    /// read back as they were written.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(strategy, forKey: .strategy)
        try container.encode(maxNewTokens, forKey: .maxNewTokens)
        try container.encode(batchSize, forKey: .batchSize)
        try container.encode(earlyStop, forKey: .earlyStop)
        if earlyStop && earlyStopDecidesCalculator {
            try container.encode(true, forKey: .earlyStopDecidesCalculator)
        }
    }

    /// How the run stopped, as `reckon score` and `reckon merge` name it when two runs differ.
    var earlyStopRule: String {
        guard earlyStop else { return "off" }
        return earlyStopDecidesCalculator ? "on" : "on, old rule (stopped before calculator repair)"
    }
}

/// Completions worked on at once, as a backend records it.
public enum Parallelism: Hashable, Sendable, CustomStringConvertible {
    /// Prompts decoded together (batched matrix products may round differently from single ones).
    case batch(Int)
    /// Requests in flight per server, which its engine may batch together.
    case requestsInFlightPerServer(Int)

    public var description: String {
        switch self {
        case .batch(let size): "batch \(size)"
        case .requestsInFlightPerServer(let count): "\(count) requests in flight per server"
        }
    }
}
