import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One HTTP exchange's outcome as the retry logic sees it.
enum HTTPOutcome: Sendable {
    /// The server answered (any status) with a complete body.
    case reply(status: Int, retryAfter: String?, body: [UInt8])
    /// No complete reply: the connection failed, was cut mid-body, or timed out.
    case transportFailure(String)
}

/// HTTP/1.1 requests through Foundation's URLSession (libcurl on Linux), with keep-alive connections
/// shared by the requests in flight; no cookies, caches or credential stores.
///
/// Requests block the calling thread (a worker thread of the backend, never one of Swift
/// concurrency's pool, which synchronous callers such as test functions may already be blocking).
final class HTTPTransport: Sendable {
    private let session: URLSession
    private let apiKey: String?
    private let timeout: Double

    init(maxConnectionsPerHost: Int, timeout: Double, apiKey: String?) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = maxConnectionsPerHost
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        configuration.urlCredentialStorage = nil
        session = URLSession(configuration: configuration)
        self.apiKey = apiKey
        self.timeout = timeout
    }

    deinit { session.invalidateAndCancel() }

    func get(_ url: URL, control: RunControl) throws(CancellationError) -> HTTPOutcome {
        try send(request(url, method: "GET", body: nil), control: control)
    }

    func post(_ url: URL, json body: [UInt8], control: RunControl) throws(CancellationError) -> HTTPOutcome {
        try send(request(url, method: "POST", body: body), control: control)
    }

    private func request(_ url: URL, method: String, body: [UInt8]?) -> URLRequest {
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        request.httpMethod = method
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        if let body {
            request.httpBody = Data(body)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        if let apiKey { request.setValue("Bearer \(apiKey)", forHTTPHeaderField: "Authorization") }
        return request
    }

    /// Sends one request and waits for its outcome; `control.stop()` cancels it.
    private func send(_ request: URLRequest, control: RunControl) throws(CancellationError) -> HTTPOutcome {
        let done = DispatchSemaphore(value: 0)
        let box = OutcomeBox()
        let task = session.dataTask(with: request) { data, response, error in
            if let error {
                box.outcome = (error as? URLError)?.code == .cancelled ? nil : .transportFailure(Self.describe(error))
            } else if let http = response as? HTTPURLResponse {
                box.outcome = .reply(status: http.statusCode, retryAfter: http.value(forHTTPHeaderField: "Retry-After"),
                                     body: [UInt8](data ?? Data()))
            } else {
                box.outcome = .transportFailure("no HTTP response")
            }
            done.signal()
        }
        guard control.register(task) else { throw CancellationError() }
        task.resume()
        done.wait()
        control.unregister(task)
        guard let outcome = box.outcome else { throw CancellationError() }
        return outcome
    }

    private static func describe(_ error: any Error) -> String {
        guard let urlError = error as? URLError else { return "\(error)" }
        switch urlError.code {
        case .timedOut: return "timed out"
        case .cannotConnectToHost: return "cannot connect (connection refused)"
        case .networkConnectionLost: return "the connection was lost before the reply was complete"
        case .cannotFindHost: return "cannot resolve the host"
        default: return "\(urlError.localizedDescription) (URLError \(urlError.code.rawValue))"
        }
    }
}

/// The outcome written by URLSession's callback before it signals, read after the wait.
private final class OutcomeBox: @unchecked Sendable {
    var outcome: HTTPOutcome?
}

/// Stops a scoring run's requests: no new ones, in-flight ones cancelled, backoff waits cut short.
final class RunControl: @unchecked Sendable {
    private let condition = NSCondition()
    private var stopped = false
    private var tasks: [ObjectIdentifier: URLSessionTask] = [:]

    var isStopped: Bool {
        condition.lock()
        defer { condition.unlock() }
        return stopped
    }

    func stop() {
        condition.lock()
        stopped = true
        let inFlight = Array(tasks.values)
        condition.broadcast()
        condition.unlock()
        for task in inFlight { task.cancel() }
    }

    /// False once stopped: the task must not start.
    func register(_ task: URLSessionTask) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !stopped else { return false }
        tasks[ObjectIdentifier(task)] = task
        return true
    }

    func unregister(_ task: URLSessionTask) {
        condition.lock()
        tasks[ObjectIdentifier(task)] = nil
        condition.unlock()
    }

    /// Waits `seconds` unless stopped first; throws when stopped.
    func sleep(_ seconds: Double) throws(CancellationError) {
        let deadline = Date().addingTimeInterval(seconds)
        condition.lock()
        defer { condition.unlock() }
        while !stopped, condition.wait(until: deadline) {}
        if stopped { throw CancellationError() }
    }
}
