@testable import EndpointBackend
import Evaluation
import Foundation
import Testing

/// Faults injected by a scripted server on 127.0.0.1: each test sends a handful of requests and stops
/// by itself. Waits between attempts are recorded by a `RecordingSleeper`, never slept; only the
/// timeout test waits, for a real socket timeout of 1 s.
@Suite struct FaultTests {
    static let model = "tiny-served"
    /// The default backoff (0.5 s doubling to 30 s), with fewer attempts.
    static let retryPolicy = RetryPolicy(maxAttempts: 4)

    /// Answers `/v1/models` with `listed`, and the n-th completion request with `completions[n]`, or a
    /// success once the list is used up.
    static func server(listed: [String] = [model], completions: [ScriptedHTTPServer.Reply] = [],
                       success: @escaping @Sendable (ScriptedHTTPServer.Request) -> ScriptedHTTPServer.Reply = ok)
        throws -> ScriptedHTTPServer {
        let counter = Counter()
        return try ScriptedHTTPServer { _, request in
            if request.path.hasSuffix("/models") {
                let data = listed.map { "{\"id\":\"\($0)\",\"object\":\"model\",\"root\":\"/models/\($0)\"}" }
                return .body(status: 200, text: "{\"object\":\"list\",\"data\":[\(data.joined(separator: ","))]}")
            }
            let number = counter.next()
            return number < completions.count ? completions[number] : success(request)
        }
    }

    static let success = reply(text: "1+2=3", finish: "stop", completionTokens: 6, promptTokens: 9)
    static func ok(_ request: ScriptedHTTPServer.Request) -> ScriptedHTTPServer.Reply { success }

    static func reply(text: String, finish: String?, completionTokens: Int, promptTokens: Int)
        -> ScriptedHTTPServer.Reply {
        let finishJSON = finish.map { "\"\($0)\"" } ?? "null"
        return .body(status: 200, text: """
            {"id":"cmpl-1","object":"text_completion","model":"\(model)","choices":[{"index":0,"text":"\(text)",\
            "finish_reason":\(finishJSON)}],"usage":{"prompt_tokens":\(promptTokens),\
            "completion_tokens":\(completionTokens),"total_tokens":\(promptTokens + completionTokens)}}
            """)
    }

    static func backend(_ servers: [ScriptedHTTPServer], concurrency: Int = 2, timeout: Double = 10,
                        tokenCheck: PromptTokenCheck? = nil, apiKey: String? = nil,
                        retries: RetryLog = RetryLog(), policy: RetryPolicy = retryPolicy,
                        sleeper: RecordingSleeper = RecordingSleeper()) throws -> EndpointBackend {
        try EndpointBackend(
            configuration: EndpointConfiguration(
                endpoints: servers.map(\.baseURL), servedModel: model, concurrency: concurrency, apiKey: apiKey,
                requestTimeout: timeout, retry: policy, decoding: DecodingSettings(maxNewTokens: 32)),
            tokenCheck: tokenCheck, onRetry: retries.record, sleeper: sleeper)
    }

    static let prompts = (0..<5).map { EvalPrompt(id: "in-domain-5-000\($0)", text: "1, 2, \($0 + 3): \($0)") }

    /// Runs the backend over `prompts`, returning completions by prompt index.
    static func run(_ backend: EndpointBackend, _ prompts: [EvalPrompt] = prompts) throws -> [Int: BackendCompletion] {
        var completions: [Int: BackendCompletion] = [:]
        try backend.complete(prompts) { index, completion in
            #expect(completions.updateValue(completion, forKey: index) == nil)
        }
        return completions
    }

    @Test func sendsThePromptAsTheLocalBackendSeesItWithGreedyFirstLineSettings() throws {
        let server = try Self.server()
        let completions = try Self.run(try Self.backend([server], apiKey: "secret-key"))
        #expect(completions.count == 5)
        #expect(completions[0] == BackendCompletion(text: "1+2=3", generatedTokens: 6, stop: .eos))
        let posts = server.received.filter { $0.method == "POST" }
        #expect(posts.count == 5)
        #expect(posts.allSatisfy { $0.path == "/v1/completions" && $0.headers["authorization"] == "Bearer secret-key" })
        let body = try #require(posts.first { $0.body.contains("\"prompt\":\"1, 2, 3: 0\"") }).body
        #expect(body == #"{"max_tokens":32,"model":"tiny-served","n":1,"prompt":"1, 2, 3: 0","stop":["\n"],"temperature":0}"#)
    }

    @Test func recordsTheServedModelAndTheEndpointsWithoutCredentials() throws {
        let server = try Self.server()
        let descriptor = try Self.backend([server], concurrency: 3, apiKey: "secret-key").descriptor
        #expect(descriptor.kind == "endpoint")
        #expect(descriptor.decoding.batchSize == 3)
        let served = try #require(descriptor.served)
        #expect(served.endpoints == [server.baseURL])
        #expect(served.servedModel == Self.model)
        #expect(served.root == "/models/tiny-served")
        #expect(served.listing == #"{"id":"tiny-served","object":"model","root":"/models/tiny-served"}"#)
        #expect(served.request == .greedyFirstLine)
        let encoded = String(decoding: try JSONEncoder().encode(descriptor), as: UTF8.self)
        #expect(!encoded.contains("secret-key"))
        #expect(descriptor.displayName == "tiny-served-endpoint")
    }

    @Test func serverErrorThenSuccessIsRetried() throws {
        let server = try Self.server(completions: [.body(status: 500, text: #"{"detail":"CUDA out of memory"}"#)])
        let retries = RetryLog(), sleeper = RecordingSleeper()
        let completions = try Self.run(try Self.backend([server], concurrency: 1, retries: retries, sleeper: sleeper),
                                       [Self.prompts[0]])
        #expect(completions[0]?.text == "1+2=3")
        #expect(retries.notices.map(\.failure) == ["HTTP 500: CUDA out of memory"])
        #expect(server.received.filter { $0.method == "POST" }.count == 2)
        // One wait, of the first attempt's jittered backoff: at most the base delay.
        #expect(sleeper.delays == retries.notices.map(\.delaySeconds))
        #expect(sleeper.delays.allSatisfy { (0...Self.retryPolicy.baseDelay).contains($0) })
    }

    @Test func tooManyRequestsWaitsAtLeastRetryAfter() throws {
        // Two minutes, far above the backoff's 0.5 s: the wait is the server's.
        let server = try Self.server(completions: [
            .body(status: 429, text: #"{"error":{"message":"slow down"}}"#, headers: ["Retry-After": "120"]),
        ])
        let retries = RetryLog(), sleeper = RecordingSleeper()
        let completions = try Self.run(try Self.backend([server], concurrency: 1, retries: retries, sleeper: sleeper),
                                       [Self.prompts[0]])
        #expect(completions[0]?.stop == .eos)
        let notice = try #require(retries.notices.first)
        #expect(notice.retryAfter == 120)
        #expect(notice.delaySeconds == 120)
        #expect(notice.failure == "HTTP 429: slow down")
        #expect(sleeper.delays == [120])
    }

    @Test func backoffWaitsStayUnderTheDoublingCeilingUpToTheCap() throws {
        let server = try Self.server { _ in .body(status: 503, text: #"{"error":"overloaded"}"#) }
        let retries = RetryLog(), sleeper = RecordingSleeper()
        let policy = RetryPolicy(maxAttempts: 6, baseDelay: 0.5, maxDelay: 4)
        #expect(throws: EndpointError.self) {
            _ = try Self.run(try Self.backend([server], concurrency: 1, retries: retries, policy: policy,
                                              sleeper: sleeper), [Self.prompts[0]])
        }
        // Five waits between six attempts, each a uniform draw below 0.5, 1, 2, 4, then the 4 s cap.
        let ceilings = [0.5, 1, 2, 4, 4]
        #expect(sleeper.delays.count == ceilings.count)
        #expect(zip(sleeper.delays, ceilings).allSatisfy { delay, ceiling in (0...ceiling).contains(delay) })
        #expect(sleeper.delays == retries.notices.map(\.delaySeconds))
        #expect(retries.notices.map(\.attempt) == [1, 2, 3, 4, 5])
    }

    @Test func aRequestThatTimesOutIsRetried() throws {
        let server = try Self.server(completions: [.silence(seconds: 5)])
        let retries = RetryLog()
        // A real socket timeout (URLSession's), so it is slept: 1 s, short of the 5 s silence; 6 attempts
        // leave room for a scripted reply that is slow while parallel test processes load the cores.
        let policy = RetryPolicy(maxAttempts: 6)
        let completions = try Self.run(try Self.backend([server], concurrency: 1, timeout: 1, retries: retries,
                                                        policy: policy), [Self.prompts[0]])
        #expect(completions[0]?.text == "1+2=3")
        #expect(retries.notices.first?.failure == "timed out")
    }

    @Test func aTruncatedBodyIsRetriedAndNeverAnEmptyCompletion() throws {
        let server = try Self.server(completions: [.truncated(declaredLength: 300, text: #"{"id":"cmpl-1","choi"#)])
        let retries = RetryLog()
        let completions = try Self.run(try Self.backend([server], concurrency: 1, retries: retries), [Self.prompts[0]])
        #expect(completions[0]?.text == "1+2=3")
        #expect(retries.notices.count == 1)
    }

    @Test func aBodyTruncatedEveryTimeStopsNamingTheRequest() throws {
        let server = try Self.server { _ in .truncated(declaredLength: 300, text: #"{"id":"cmpl-1","choi"#) }
        let error = #expect(throws: EndpointError.self) {
            _ = try Self.run(try Self.backend([server], concurrency: 1), [Self.prompts[0]])
        }
        guard case let .gaveUp(request, attempts, _)? = error else {
            Issue.record("expected gaveUp, got \(String(describing: error))")
            return
        }
        #expect(request.hasPrefix("in-domain-5-0000 to http://127.0.0.1:"))
        #expect(attempts == Self.retryPolicy.maxAttempts)
    }

    @Test func aMalformedBodyStopsAtOnceNamingTheRequest() throws {
        let server = try Self.server(completions: [.body(status: 200, text: #"{"choices": [{"text": "1+2=3",}]}"#)])
        let error = #expect(throws: EndpointError.self) {
            _ = try Self.run(try Self.backend([server], concurrency: 1), [Self.prompts[0]])
        }
        guard case let .malformedReply(request, _, reason)? = error else {
            Issue.record("expected malformedReply, got \(String(describing: error))")
            return
        }
        #expect(request == "in-domain-5-0000")
        #expect(reason.contains("byte"))
        #expect(server.received.filter { $0.method == "POST" }.count == 1)
    }

    @Test func anUnfinishedChoiceIsAnError() throws {
        let server = try Self.server(completions: [Self.reply(text: "1+", finish: nil, completionTokens: 2,
                                                              promptTokens: 9)])
        #expect(throws: EndpointError.self) {
            _ = try Self.run(try Self.backend([server], concurrency: 1), [Self.prompts[0]])
        }
    }

    @Test func aWrongModelNameStopsBeforeAnyCompletion() throws {
        let server = try Self.server(listed: ["other-model", "another"])
        let error = #expect(throws: EndpointError.self) { _ = try Self.backend([server]) }
        #expect(error?.description.contains("does not list 'tiny-served'; it lists 'other-model', 'another'") == true)
        #expect(server.received.allSatisfy { $0.method == "GET" })
    }

    @Test func aClientErrorStopsWithTheServersMessage() throws {
        let server = try Self.server(completions: [
            .body(status: 404, text: #"{"object":"error","message":"The model `tiny-served` does not exist."}"#),
        ])
        let error = #expect(throws: EndpointError.self) {
            _ = try Self.run(try Self.backend([server], concurrency: 1), [Self.prompts[0]])
        }
        guard case let .refused(request, _, status, message)? = error else {
            Issue.record("expected refused, got \(String(describing: error))")
            return
        }
        #expect(request == "in-domain-5-0000" && status == 404)
        #expect(message == "The model `tiny-served` does not exist.")
        #expect(server.received.filter { $0.method == "POST" }.count == 1)
    }

    @Test func aPromptTokenCountOneAboveTheTokenizersIsADoubleBOS() throws {
        let server = try Self.server()
        // The server's replies say 9 prompt tokens; this "tokenizer" counts 8.
        let check = PromptTokenCheck(source: "fixture-tokenizer") { _ in 8 }
        let error = #expect(throws: EndpointError.self) {
            _ = try Self.run(try Self.backend([server], concurrency: 1, tokenCheck: check), [Self.prompts[0]])
        }
        #expect(error?.description.contains("counted 9 prompt tokens, the tokenizer in fixture-tokenizer gives 8") == true)
        #expect(error?.description.contains("or a second one") == true)
        let matching = PromptTokenCheck(source: "fixture-tokenizer") { _ in 9 }
        #expect(try Self.run(try Self.backend([server], tokenCheck: matching)).count == 5)
    }

    @Test func requestsAreSpreadOverServersAndMoveOnFromADeadOne() throws {
        let first = try Self.server(), second = try Self.server()
        let completions = try Self.run(try Self.backend([first, second], concurrency: 2))
        #expect(completions.count == 5)
        #expect(first.received.contains { $0.method == "POST" } && second.received.contains { $0.method == "POST" })

        let dead = try Self.server { _ in .body(status: 503, text: #"{"error":"overloaded"}"#) }
        let retries = RetryLog()
        let backend = try Self.backend([dead, second], concurrency: 1, retries: retries)
        #expect(try Self.run(backend).count == 5)
        #expect(retries.notices.allSatisfy { $0.endpoint == dead.baseURL })
    }

    @Test func endpointsWithCredentialsOrQueriesAreRefused() {
        for url in ["http://user:pw@127.0.0.1:8000/v1", "http://127.0.0.1:8000/v1?key=x", "ftp://127.0.0.1/v1",
                    "127.0.0.1:8000"] {
            #expect(throws: EndpointError.self) { _ = try EndpointURL(parsing: url) }
        }
        #expect(throws: EndpointError.self) {
            _ = try EndpointURL(parsing: "http://user:secret@127.0.0.1:8000/v1")
        }
        do {
            _ = try EndpointURL(parsing: "http://user:secret@127.0.0.1:8000/v1")
        } catch {
            #expect(!error.description.contains("secret"))
        }
        #expect((try? EndpointURL(parsing: "http://127.0.0.1:8000/v1/"))?.base == "http://127.0.0.1:8000/v1")
    }

    @Test func backoffGrowsWithJitterAndRespectsRetryAfter() {
        let policy = RetryPolicy(maxAttempts: 6, baseDelay: 0.5, maxDelay: 4)
        let ceilings = (1...6).map { policy.delay(afterAttempt: $0, retryAfter: nil) { $0.upperBound } }
        #expect(ceilings == [0.5, 1, 2, 4, 4, 4])
        #expect(policy.delay(afterAttempt: 1, retryAfter: nil) { $0.lowerBound } == 0)
        #expect(policy.delay(afterAttempt: 1, retryAfter: 7) { $0.upperBound } == 7)
        let now = Date(timeIntervalSince1970: 1_700_000_000)  // Tue, 14 Nov 2023 22:13:20 GMT
        #expect(RetryPolicy.retryAfterSeconds("Tue, 14 Nov 2023 22:13:50 GMT", now: now) == 30)
        #expect(RetryPolicy.retryAfterSeconds("120") == 120)
        #expect(RetryPolicy.retryAfterSeconds("soon") == nil)
    }
}

/// Counts from 0, safely across the server's connection threads.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value - 1
    }
}

/// Every retry notice a backend sent.
final class RetryLog: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [RetryNotice] = []
    var notices: [RetryNotice] {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }
    var record: @Sendable (RetryNotice) -> Void {
        { [self] notice in
            lock.lock()
            stored.append(notice)
            lock.unlock()
        }
    }
}
