import Foundation

/// When to try a request again and how long to wait: exponential backoff with full jitter
/// (a uniform wait in [0, min(cap, base * 2^(attempt-1))]), never shorter than a `Retry-After`.
public struct RetryPolicy: Sendable, Equatable {
    /// Attempts in all, the first included.
    public var maxAttempts: Int
    public var baseDelay: Double
    public var maxDelay: Double

    public init(maxAttempts: Int = 6, baseDelay: Double = 0.5, maxDelay: Double = 30) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// Seconds to wait after failed attempt `attempt` (1-based): the jittered backoff, or the
    /// server's `Retry-After` when that is longer.
    func delay(afterAttempt attempt: Int, retryAfter: Double?,
               random: (ClosedRange<Double>) -> Double = { Double.random(in: $0) }) -> Double {
        var ceiling = baseDelay
        for _ in 1..<max(1, attempt) where ceiling < maxDelay { ceiling *= 2 }
        let backoff = random(0...min(maxDelay, ceiling))
        return max(backoff, retryAfter ?? 0)
    }

    /// A `Retry-After` value: delta-seconds or an HTTP date (RFC 9110 section 10.2.3); nil when absent
    /// or unreadable.
    static func retryAfterSeconds(_ value: String?, now: Date = Date()) -> Double? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if let seconds = Int(value) { return seconds >= 0 ? Double(seconds) : nil }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        guard let date = formatter.date(from: value) else { return nil }
        return max(0, date.timeIntervalSince(now))
    }
}
