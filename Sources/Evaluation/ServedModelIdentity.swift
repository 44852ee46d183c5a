/// A model behind an inference server's OpenAI-compatible API, as a run records it: where it was
/// reached (never with credentials), the name it is served under, what the server says about it,
/// and the request settings that shape the completions.
///
/// Resume and merge compare the served name and the model the server says it serves (`root`,
/// `parent`), not the endpoint addresses: the same model behind other servers is the same model.
package struct ServedModelIdentity: Codable, Equatable, Sendable {
    /// The `/v1` base URLs, without user, password or query.
    package var endpoints: [String]
    /// The `model` field of every request.
    package var servedModel: String
    /// The server's `/v1/models` entry for the served model as compact JSON, recorded for
    /// information (it can hold load times and states); nil when the server lists no models.
    package var listing: String?
    /// The checkpoint the server says it loaded (vLLM's `root`), when it says so.
    package var root: String?
    /// The base model of a served adapter (vLLM's `parent`), when it says so.
    package var parent: String?
    /// The `/v1/completions` settings besides `max_tokens` (which is `decoding.max_new_tokens`).
    package var request: CompletionRequestSettings
    /// The tokenizer directory whose count of prompt tokens (BOS included) was checked against the
    /// server's `usage.prompt_tokens`; nil when the run could not see the tokenizer.
    package var tokenizerCheckedWith: String?

    package init(endpoints: [String], servedModel: String, listing: String?, root: String?, parent: String?,
                request: CompletionRequestSettings, tokenizerCheckedWith: String?) {
        self.endpoints = endpoints
        self.servedModel = servedModel
        self.listing = listing
        self.root = root
        self.parent = parent
        self.request = request
        self.tokenizerCheckedWith = tokenizerCheckedWith
    }

    enum CodingKeys: String, CodingKey {
        case endpoints, listing, root, parent, request
        case servedModel = "served_model"
        case tokenizerCheckedWith = "tokenizer_checked_with"
    }
}

/// What every completion request asks for, besides the prompt, the model and `max_tokens`.
package struct CompletionRequestSettings: Codable, Equatable, Sendable {
    package var temperature: Double
    package var choices: Int
    package var stop: [String]

    /// Greedy, one choice, and a newline stop: the verifier reads only the first line.
    package static let greedyFirstLine = CompletionRequestSettings(temperature: 0, choices: 1, stop: ["\n"])

    package init(temperature: Double, choices: Int, stop: [String]) {
        self.temperature = temperature
        self.choices = choices
        self.stop = stop
    }

    enum CodingKeys: String, CodingKey {
        case temperature, stop
        case choices = "n"
    }
}
