public import Evaluation

/// What `reckon score --endpoint` asks of the servers.
public struct EndpointConfiguration: Sendable {
    /// `/v1` base URLs of servers of the same model; requests are spread over them.
    public var endpoints: [String]
    /// The `model` field of every request, as the servers name the model.
    public var servedModel: String
    /// Requests in flight per server (engines batch concurrent requests).
    public var concurrency: Int
    /// Sent as `Authorization: Bearer <key>`; never recorded.
    public var apiKey: String?
    /// Seconds one attempt may take before it counts as timed out (and is retried).
    public var requestTimeout: Double
    public var retry: RetryPolicy
    /// `max_new_tokens` is sent as `max_tokens`.
    public var decoding: DecodingSettings
    package var request: CompletionRequestSettings

    package init(endpoints: [String], servedModel: String, concurrency: Int = 8, apiKey: String? = nil,
                requestTimeout: Double = 600, retry: RetryPolicy = RetryPolicy(),
                decoding: DecodingSettings = DecodingSettings(),
                request: CompletionRequestSettings = .greedyFirstLine) {
        self.endpoints = endpoints
        self.servedModel = servedModel
        self.concurrency = concurrency
        self.apiKey = apiKey
        self.requestTimeout = requestTimeout
        self.retry = retry
        self.decoding = decoding
        self.request = request
    }
}

/// The tokenizer that should give the server's count of prompt tokens: a counting function (BOS
/// included when the tokenizer's configuration adds it) and where it was loaded from.
package struct PromptTokenCheck {
    package var source: String
    package var count: (String) -> Int

    package init(source: String, count: @escaping (String) -> Int) {
        self.source = source
        self.count = count
    }
}

/// A retry about to happen, for a progress line.
package struct RetryNotice: Sendable {
    package var request: String
    package var endpoint: String
    package var failure: String
    /// The attempt that failed (1-based) and the most there will be.
    package var attempt: Int
    package var maxAttempts: Int
    package var delaySeconds: Double
    /// The server's `Retry-After` in seconds, when it sent one.
    package var retryAfter: Double?
}
