import Synchronization

/// One slot per task of a `DispatchQueue.concurrentPerform`, each written once by its own task.
final class ResultSlots<Value: Sendable>: Sendable {
    private let slots: Mutex<[Value?]>

    init(count: Int) {
        slots = Mutex(Array(repeating: nil, count: count))
    }

    func set(_ index: Int, _ value: Value) {
        slots.withLock { $0[index] = value }
    }

    /// Every slot's value; call after all tasks have finished.
    var values: [Value] {
        slots.withLock { slots in
            slots.map { slot in
                guard let slot else { preconditionFailure("a concurrent task left its slot empty") }
                return slot
            }
        }
    }
}
