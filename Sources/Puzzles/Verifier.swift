/// Checks a completion against a puzzle exactly as `puzzle-spec.md` section 3 defines.
///
/// It reads bytes, never evaluates text, never traps, and works in time and memory linear in the
/// input: integers of any length are scanned without being materialised, and at most N parsed steps
/// are kept (step N+1 can never succeed, since the pool holds one number after N-1 valid steps).
public enum Verifier {
    public static func verify(_ completion: String, for puzzle: Puzzle) -> Verdict {
        puzzle.numbers.withUnsafeBufferPointer { numbers in
            if let verdict = completion.utf8.withContiguousStorageIfAvailable({
                verify(utf8: $0, numbers: numbers, target: puzzle.target)
            }) {
                return verdict
            }
            return Array(completion.utf8).withUnsafeBufferPointer {
                verify(utf8: $0, numbers: numbers, target: puzzle.target)
            }
        }
    }

    static func verify(utf8 text: UnsafeBufferPointer<UInt8>, numbers: UnsafeBufferPointer<Int64>,
                       target: Int64) -> Verdict {
        let capacity = max(numbers.count, 1)
        return withUnsafeTemporaryAllocation(of: Step.self, capacity: capacity) { steps in
            let parser = StepParser(text: text)
            switch parser.parse(into: steps) {
            case let .invalid(failure):
                return Verdict(failure: failure)
            case let .parsed(stepCount):
                return replay(UnsafeBufferPointer(rebasing: steps[..<stepCount]), numbers: numbers, target: target)
            }
        }
    }

    private static func replay(_ steps: UnsafeBufferPointer<Step>, numbers: UnsafeBufferPointer<Int64>,
                               target: Int64) -> Verdict {
        // A linear scan of the pool is fastest for the puzzle's handful of numbers; a counted multiset
        // keeps huge hostile prompts linear.
        if numbers.count <= 64 {
            return withUnsafeTemporaryAllocation(of: Int64.self, capacity: max(numbers.count, 1)) { storage in
                var pool = ScannedPool(storage: storage, numbers: numbers)
                return replay(steps, pool: &pool, target: target)
            }
        }
        var pool = CountedPool(numbers: numbers)
        return replay(steps, pool: &pool, target: target)
    }

    private static func replay<Pool: ReplayPool>(_ steps: UnsafeBufferPointer<Step>, pool: inout Pool,
                                                 target: Int64) -> Verdict {
        for step in steps {
            guard pool.removePair(step.lhs, step.rhs) else {
                return Verdict(failure: .operand)
            }
            switch step.op.apply(step.lhs, step.rhs) {
            case .overflow:
                return Verdict(failure: .overflow)
            case .divisionByZero:
                return Verdict(failure: .arithmetic)
            case let .value(result):
                guard result == step.result else {
                    return Verdict(failure: .arithmetic)
                }
                pool.insert(result)
            }
        }
        guard pool.count == 1 else {
            return Verdict(failure: pool.count > 1 ? .incomplete : .operand)
        }
        return pool.onlyValue == target ? .valid : Verdict(failure: .target)
    }
}

/// The pool of numbers available to the next step, as a multiset.
private protocol ReplayPool {
    var count: Int { get }
    var onlyValue: Int64? { get }
    /// Removes one `lhs` and one other `rhs`; false (and unchanged) when either is missing.
    mutating func removePair(_ lhs: Int64, _ rhs: Int64) -> Bool
    mutating func insert(_ value: Int64)
}

private struct ScannedPool: ReplayPool {
    let storage: UnsafeMutableBufferPointer<Int64>
    private(set) var count: Int

    init(storage: UnsafeMutableBufferPointer<Int64>, numbers: UnsafeBufferPointer<Int64>) {
        self.storage = storage
        for index in 0..<numbers.count { storage[index] = numbers[index] }
        count = numbers.count
    }

    var onlyValue: Int64? { count == 1 ? storage[0] : nil }

    mutating func removePair(_ lhs: Int64, _ rhs: Int64) -> Bool {
        var lhsIndex = -1
        for index in 0..<count where storage[index] == lhs {
            lhsIndex = index
            break
        }
        guard lhsIndex >= 0 else { return false }
        var rhsIndex = -1
        for index in 0..<count where index != lhsIndex && storage[index] == rhs {
            rhsIndex = index
            break
        }
        guard rhsIndex >= 0 else { return false }
        // Remove the higher index first so the lower one stays valid; order of the rest is irrelevant.
        let high = max(lhsIndex, rhsIndex)
        let low = min(lhsIndex, rhsIndex)
        storage[high] = storage[count - 1]
        count -= 1
        storage[low] = storage[count - 1]
        count -= 1
        return true
    }

    mutating func insert(_ value: Int64) {
        // Two numbers were just removed, so there is room.
        storage[count] = value
        count += 1
    }
}

private struct CountedPool: ReplayPool {
    private var multiplicity: [Int64: Int] = [:]
    private(set) var count: Int

    init(numbers: UnsafeBufferPointer<Int64>) {
        multiplicity.reserveCapacity(numbers.count)
        for value in numbers { multiplicity[value, default: 0] += 1 }
        count = numbers.count
    }

    var onlyValue: Int64? { count == 1 ? multiplicity.first(where: { $0.value > 0 })?.key : nil }

    mutating func removePair(_ lhs: Int64, _ rhs: Int64) -> Bool {
        let available = lhs == rhs ? 2 : 1
        guard multiplicity[lhs, default: 0] >= available, multiplicity[rhs, default: 0] >= 1 else {
            return false
        }
        remove(lhs)
        remove(rhs)
        count -= 2
        return true
    }

    private mutating func remove(_ value: Int64) {
        let remaining = multiplicity[value, default: 0] - 1
        multiplicity[value] = remaining == 0 ? nil : remaining
    }

    mutating func insert(_ value: Int64) {
        multiplicity[value, default: 0] += 1
        count += 1
    }
}
