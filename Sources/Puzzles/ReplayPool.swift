/// The pool of numbers available to the next step, as a multiset.
protocol ReplayPool {
    var count: Int { get }
    var onlyValue: Int64? { get }
    /// Removes one `lhs` and one other `rhs`; false (and unchanged) when either is missing.
    mutating func removePair(_ lhs: Int64, _ rhs: Int64) -> Bool
    mutating func insert(_ value: Int64)
}

struct ScannedPool: ReplayPool {
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

struct CountedPool: ReplayPool {
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
