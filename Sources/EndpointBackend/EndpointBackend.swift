public import Evaluation
import Foundation

/// Scores a model served by an inference engine through the OpenAI `/v1/completions` API (vLLM, SGLang,
/// TGI, llama.cpp's server, `transformers serve`): one greedy completion per prompt, several requests in
/// flight per server, spread over every server given.
///
/// The prompt is sent as the text the local backend tokenizes; the server adds BOS itself, which
/// `PromptTokenCheck` verifies. Connection errors, timeouts, 429 and 5xx are retried with backoff and
/// jitter; other 4xx and malformed replies stop the run with the server's message and the request.
public struct EndpointBackend: CompletionBackend {
    public let descriptor: BackendDescriptor
    private let client: CompletionClient
    private let tokenCheck: PromptTokenCheck?

    /// Checks the endpoints and asks each server's `/v1/models` about the served model (retrying
    /// while a server starts); throws when one does not list it or they disagree.
    package init(configuration: EndpointConfiguration, tokenCheck: PromptTokenCheck?,
                onRetry: @escaping @Sendable (RetryNotice) -> Void = { _ in }) throws {
        try self.init(configuration: configuration, tokenCheck: tokenCheck, onRetry: onRetry,
                      sleeper: WallClockSleeper())
    }

    /// As the public initialiser, with the waits between attempts made by `sleeper`.
    init(configuration: EndpointConfiguration, tokenCheck: PromptTokenCheck?,
         onRetry: @escaping @Sendable (RetryNotice) -> Void, sleeper: any RetrySleeper) throws {
        guard !configuration.endpoints.isEmpty else { throw EndpointError.invalidEndpoint("", reason: "none given") }
        var endpoints: [EndpointURL] = []
        for text in configuration.endpoints {
            let endpoint = try EndpointURL(parsing: text)
            guard !endpoints.contains(endpoint) else {
                throw EndpointError.invalidEndpoint(text, reason: "given twice")
            }
            endpoints.append(endpoint)
        }
        self.tokenCheck = tokenCheck
        let transport = HTTPTransport(maxConnectionsPerHost: configuration.concurrency,
                                      timeout: configuration.requestTimeout, apiKey: configuration.apiKey)
        client = CompletionClient(configuration: configuration, endpoints: endpoints, transport: transport,
                                  onRetry: onRetry, sleeper: sleeper, tokenizerSource: tokenCheck?.source)
        let listings = try client.listings(control: RunControl())
        let first = listings[0]
        for (endpoint, listing) in zip(endpoints, listings).dropFirst()
        where listing.root != first.root || listing.parent != first.parent {
            throw EndpointError.endpointsDisagree("\(endpoints[0]) serves root \(first.root ?? "?") parent "
                + "\(first.parent ?? "-"), \(endpoint) root \(listing.root ?? "?") parent \(listing.parent ?? "-")")
        }
        // A server generates to the stop string; it cannot be asked to stop at a decided verdict.
        var decoding = configuration.decoding.limited(to: Self.capabilities)
        decoding.batchSize = configuration.concurrency
        descriptor = BackendDescriptor(
            kind: "endpoint",
            served: ServedModelIdentity(
                endpoints: endpoints.map(\.base), servedModel: configuration.servedModel, listing: first.entry,
                root: first.root, parent: first.parent, request: configuration.request,
                tokenizerCheckedWith: tokenCheck?.source),
            decoding: decoding)
    }

    /// Runs `concurrency` worker threads per server; reports each completion on the calling thread as it
    /// arrives. A request's error stops new requests and cancels those in flight; it is rethrown once
    /// every worker has returned and every completion finished before it has been reported. An error
    /// thrown by `onCompletion` (a stop request) stops the workers the same way and is rethrown at once.
    public func complete(_ prompts: [EvalPrompt], onCompletion: (Int, BackendCompletion) throws -> Void) throws {
        guard !prompts.isEmpty else { return }
        let expected = tokenCheck.map { check in prompts.map { check.count($0.text) } }
        let channel = CompletionChannel<BackendCompletion>(count: prompts.count)
        let control = RunControl()
        let workers = min(prompts.count, client.endpoints.count * client.configuration.concurrency)
        let running = WorkerCount(workers) { channel.finish() }
        for worker in 0..<workers {
            let thread = Thread { [client] in
                client.serve(worker: worker, prompts: prompts, expected: expected, channel: channel, control: control)
                running.workerReturned()
            }
            thread.name = "reckon-endpoint-\(worker)"
            thread.start()
        }
        defer {
            control.stop()
            channel.waitUntilFinished()
        }
        // After a failure the workers stop; completions that finished meanwhile are still reported.
        var firstError: (any Error)?
        while let (index, result) = channel.next() {
            switch result {
            case let .success(completion): try onCompletion(index, completion)
            case let .failure(error): if firstError == nil { firstError = error }
            }
        }
        if let firstError { throw firstError }
    }
}

/// Calls `whenAllReturned` once the last of `count` workers has returned.
private final class WorkerCount: @unchecked Sendable {
    private let lock = NSLock()
    private var remaining: Int
    private let whenAllReturned: @Sendable () -> Void

    init(_ count: Int, whenAllReturned: @escaping @Sendable () -> Void) {
        remaining = count
        self.whenAllReturned = whenAllReturned
    }

    func workerReturned() {
        lock.lock()
        remaining -= 1
        let last = remaining == 0
        lock.unlock()
        if last { whenAllReturned() }
    }
}

/// What the worker threads share: the servers, the HTTP transport and the settings.
struct CompletionClient: Sendable {
    let configuration: EndpointConfiguration
    let endpoints: [EndpointURL]
    let transport: HTTPTransport
    let onRetry: @Sendable (RetryNotice) -> Void
    let sleeper: any RetrySleeper
    /// Where the expected prompt token counts come from, when they are checked.
    let tokenizerSource: String?

    /// One worker: takes the next unclaimed prompt until none is left or the run stops; its requests
    /// go to endpoint `worker % endpoints.count` (a retry moves on to the next endpoint).
    func serve(worker: Int, prompts: [EvalPrompt], expected: [Int]?, channel: CompletionChannel<BackendCompletion>,
               control: RunControl) {
        while !control.isStopped, let index = channel.claim() {
            do {
                let completion = try complete(prompts[index], firstEndpoint: worker % endpoints.count,
                                              expectedPromptTokens: expected?[index], control: control)
                channel.deliver(index, .success(completion))
            } catch is CancellationError {
                return
            } catch {
                channel.deliver(index, .failure(error))
                control.stop()
                return
            }
        }
    }

    func complete(_ prompt: EvalPrompt, firstEndpoint: Int, expectedPromptTokens: Int?,
                  control: RunControl) throws -> BackendCompletion {
        let body = try requestBody(prompt.text)
        return try withRetries(request: prompt.id, endpoints: endpoints, first: firstEndpoint, control: control) {
            endpoint throws(CancellationError) in
            try transport.post(endpoint.completions, json: body, control: control)
        } accept: { endpoint, body throws(EndpointError) in
            let reply: CompletionReply
            do throws(ReplyProblem) {
                reply = try CompletionReply(body: body)
            } catch {
                throw .malformedReply(request: prompt.id, endpoint: endpoint.base, reason: error.reason)
            }
            if let expectedPromptTokens, let tokenizerSource {
                guard let served = reply.promptTokens else {
                    throw .malformedReply(request: prompt.id, endpoint: endpoint.base, reason: "no "
                        + "`usage.prompt_tokens`, so the prompt's tokenization cannot be checked against \(tokenizerSource)")
                }
                guard served == expectedPromptTokens else {
                    throw .promptTokenMismatch(request: prompt.id, endpoint: endpoint.base, server: served,
                                               local: expectedPromptTokens, tokenizer: tokenizerSource)
                }
            }
            return reply.completion
        }
    }

    /// Every endpoint's `/v1/models` entry for the served model; throws when one does not list it.
    func listings(control: RunControl) throws -> [ModelListing] {
        var listings: [ModelListing] = []
        for endpoint in endpoints {
            let listing = try withRetries(request: "GET /models", endpoints: [endpoint], first: 0, control: control) {
                endpoint throws(CancellationError) in
                try transport.get(endpoint.models, control: control)
            } accept: { endpoint, body throws(EndpointError) in
                do throws(ReplyProblem) {
                    return try ModelListing(body: body, servedModel: configuration.servedModel)
                } catch {
                    throw .malformedReply(request: "GET /models", endpoint: endpoint.base, reason: error.reason)
                }
            }
            guard listing.entry != nil else {
                throw EndpointError.modelNotServed(endpoint: endpoint.base, servedModel: configuration.servedModel,
                                                   listed: listing.ids)
            }
            listings.append(listing)
        }
        return listings
    }

    private func requestBody(_ prompt: String) throws -> [UInt8] {
        let request = CompletionRequestBody(
            model: configuration.servedModel, prompt: prompt, maxTokens: configuration.decoding.maxNewTokens,
            temperature: configuration.request.temperature, n: configuration.request.choices,
            stop: configuration.request.stop)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return [UInt8](try encoder.encode(request))
    }

    /// Sends until a reply is accepted: retries transport failures, 408, 429 and 5xx (waiting at least
    /// the server's `Retry-After`) up to the policy's attempts; any other non-200 stops with the
    /// server's message. `accept` turns a 200 body into the result or a final error.
    private func withRetries<Result>(
        request: String, endpoints: [EndpointURL], first: Int, control: RunControl,
        send: (EndpointURL) throws(CancellationError) -> HTTPOutcome,
        accept: (EndpointURL, [UInt8]) throws(EndpointError) -> Result
    ) throws -> Result {
        let policy = configuration.retry
        var attempt = 1
        while true {
            let endpoint = endpoints[(first + attempt - 1) % endpoints.count]
            let failure: String
            var retryAfter: Double?
            switch try send(endpoint) {
            case let .reply(status, retryAfterHeader, body):
                if status == 200 { return try accept(endpoint, body) }
                guard status == 408 || status == 429 || (500...599).contains(status) else {
                    throw EndpointError.refused(request: request, endpoint: endpoint.base, status: status,
                                                message: ServerMessage.of(body: body))
                }
                retryAfter = RetryPolicy.retryAfterSeconds(retryAfterHeader)
                failure = "HTTP \(status): \(ServerMessage.of(body: body))"
            case let .transportFailure(reason):
                failure = reason
            }
            guard attempt < policy.maxAttempts else {
                throw EndpointError.gaveUp(request: "\(request) to \(endpoint.base)", attempts: attempt,
                                           lastFailure: failure)
            }
            let delay = policy.delay(afterAttempt: attempt, retryAfter: retryAfter)
            onRetry(RetryNotice(request: request, endpoint: endpoint.base, failure: failure, attempt: attempt,
                                maxAttempts: policy.maxAttempts, delaySeconds: delay, retryAfter: retryAfter))
            try sleeper.sleep(delay, control: control)
            attempt += 1
        }
    }
}

/// The JSON body of a `/v1/completions` request.
struct CompletionRequestBody: Encodable {
    var model: String
    var prompt: String
    var maxTokens: Int
    var temperature: Double
    var n: Int
    var stop: [String]

    enum CodingKeys: String, CodingKey {
        case model, prompt, temperature, n, stop
        case maxTokens = "max_tokens"
    }
}
