@testable import EndpointBackend
import Foundation

/// Records each wait between attempts and returns at once, so that a test checks the delays a run
/// would sleep (backoff, `Retry-After`) without sleeping them.
final class RecordingSleeper: RetrySleeper, @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [Double] = []

    /// Every delay asked for, in order.
    var delays: [Double] {
        lock.lock()
        defer { lock.unlock() }
        return recorded
    }

    func sleep(_ seconds: Double, control: RunControl) throws(CancellationError) {
        lock.lock()
        recorded.append(seconds)
        lock.unlock()
        // As the real sleeper: a stopped run's wait ends in cancellation.
        if control.isStopped { throw CancellationError() }
    }
}
