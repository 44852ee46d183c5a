import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A small HTTP/1.1 server on 127.0.0.1 (an ephemeral port, never another address) whose replies a
/// test scripts, to inject faults: errors, `Retry-After`, silence past a timeout, truncated bodies.
///
/// Bounded by construction: it serves at most `maxConnections` connections, each on its own thread,
/// closes every connection after one reply, never waits more than `maxSilence` seconds for anything,
/// and shuts down by itself `lifetime` seconds after it starts (or at `stop()`).
final class ScriptedHTTPServer: @unchecked Sendable {
    struct Request: Sendable {
        var method: String
        var path: String
        var headers: [String: String]
        var body: String
    }

    enum Reply: Sendable {
        /// A complete reply with a JSON (or any) body.
        case body(status: Int, text: String, headers: [String: String] = [:])
        /// Headers promising `declaredLength` bytes, then only `text`, then the connection closes.
        case truncated(declaredLength: Int, text: String)
        /// Nothing for `seconds` (capped at `maxSilence`), then the connection closes.
        case silence(seconds: Double)
    }

    let port: UInt16
    var baseURL: String { "http://127.0.0.1:\(port)/v1" }
    private let listener: Int32
    private let script: @Sendable (Int, Request) -> Reply
    private let lock = NSLock()
    private var requests: [Request] = []
    private var stopped = false
    private let maxConnections: Int
    private let maxSilence = 5.0
    private let started = Date()
    private let lifetime: Double

    /// `script(n, request)` answers the n-th request (0-based, in arrival order).
    init(maxConnections: Int = 200, lifetime: Double = 60,
         script: @escaping @Sendable (Int, Request) -> Reply) throws {
        self.script = script
        self.maxConnections = maxConnections
        self.lifetime = lifetime
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw ServerError("socket: errno \(errno)") }
        var reuse: Int32 = 1
        setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(socket, 64) == 0 else {
            close(socket)
            throw ServerError("bind/listen on 127.0.0.1: errno \(errno)")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
        }
        port = UInt16(bigEndian: address.sin_port)
        listener = socket
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    deinit { stop() }

    /// Every request received so far, in arrival order.
    var received: [Request] {
        lock.lock()
        defer { lock.unlock() }
        return requests
    }

    /// The accept loop sees this within 0.1 s and closes the listening socket.
    func stop() {
        lock.lock()
        stopped = true
        lock.unlock()
    }

    private var isStopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopped || Date().timeIntervalSince(started) > lifetime
    }

    private func acceptLoop() {
        var served = 0
        while served < maxConnections, !isStopped {
            var poller = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 100) > 0 else { continue }
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { continue }
            served += 1
            Thread { [self] in handle(connection) }.start()
        }
        close(listener)
    }

    private func handle(_ connection: Int32) {
        defer { close(connection) }
        var timeout = timeval(tv_sec: Int(maxSilence), tv_usec: 0)
        setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        guard let request = readRequest(connection) else { return }
        lock.lock()
        let number = requests.count
        requests.append(request)
        lock.unlock()
        switch script(number, request) {
        case let .body(status, text, headers):
            let body = Array(text.utf8)
            write(connection, head(status: status, length: body.count, headers: headers) + body)
        case let .truncated(declaredLength, text):
            write(connection, head(status: 200, length: declaredLength, headers: [:]) + Array(text.utf8))
        case let .silence(seconds):
            let deadline = Date().addingTimeInterval(min(seconds, maxSilence))
            while Date() < deadline, !isStopped { usleep(20_000) }
        }
    }

    private func head(status: Int, length: Int, headers: [String: String]) -> [UInt8] {
        var lines = ["HTTP/1.1 \(status) Scripted", "Content-Type: application/json", "Content-Length: \(length)",
                     "Connection: close"]
        lines += headers.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
        return Array((lines.joined(separator: "\r\n") + "\r\n\r\n").utf8)
    }

    private func write(_ connection: Int32, _ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard written > 0 else { return }
            offset += written
        }
    }

    /// The request line, headers and a Content-Length body; nil on a malformed or incomplete request.
    private func readRequest(_ connection: Int32) -> Request? {
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        var headerEnd: Int?
        while headerEnd == nil {
            let count = chunk.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            guard count > 0, buffer.count < 1 << 20 else { return nil }
            buffer += chunk[..<count]
            headerEnd = buffer.indices.dropLast(3).first { buffer[$0..<$0 + 4] == [13, 10, 13, 10] }
        }
        guard let headerEnd else { return nil }
        let headText = String(decoding: buffer[..<headerEnd], as: UTF8.self)
        var lines = headText.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        guard requestLine.count >= 2 else { return nil }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        var body = Array(buffer[(headerEnd + 4)...])
        while body.count < length {
            let count = chunk.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return nil }
            body += chunk[..<count]
        }
        return Request(method: String(requestLine[0]), path: String(requestLine[1]), headers: headers,
                       body: String(decoding: body, as: UTF8.self))
    }

    struct ServerError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}
