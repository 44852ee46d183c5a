import Foundation

/// Hands prompts to concurrent request tasks and their results back to the one synchronous thread
/// that reports them, in the order they finish.
///
/// Workers `claim` prompt indices in order until every prompt is claimed or the channel is stopped;
/// the reporting thread blocks in `next` until a result or the end. The lock guards every field.
final class CompletionChannel<Value: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private let count: Int
    private var nextToClaim = 0
    private var results: [(Int, Result<Value, any Error>)] = []
    private var stopped = false
    private var finished = false

    init(count: Int) {
        self.count = count
    }

    /// The next prompt index to request, or nil when all are claimed or the run stops.
    func claim() -> Int? {
        condition.lock()
        defer { condition.unlock() }
        guard !stopped, nextToClaim < count else { return nil }
        nextToClaim += 1
        return nextToClaim - 1
    }

    func deliver(_ index: Int, _ result: Result<Value, any Error>) {
        condition.lock()
        results.append((index, result))
        condition.broadcast()
        condition.unlock()
    }

    /// No more claims: after an error, or when the reporting side stops.
    func stop() {
        condition.lock()
        stopped = true
        condition.unlock()
    }

    /// Every worker has returned.
    func finish() {
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// The next finished result, waiting for one; nil once the workers are done and all were taken.
    func next() -> (Int, Result<Value, any Error>)? {
        condition.lock()
        defer { condition.unlock() }
        while results.isEmpty, !finished { condition.wait() }
        return results.isEmpty ? nil : results.removeFirst()
    }

    func waitUntilFinished() {
        condition.lock()
        while !finished { condition.wait() }
        condition.unlock()
    }
}
