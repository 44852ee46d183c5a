/// Finds a solution (a sequence of steps using every number once) or proves there is none.
///
/// Depth-first search over the pool: each level combines an unordered pair with one of the six
/// distinct operations of `PairOperation` (`a+b`, `a*b`, `a-b`, `b-a`, `a/b`, `b/a`), skipping
/// division by zero and results that overflow 64 bits; the last step is checked directly against the
/// target. Pools already shown to fail are remembered exactly (by their sorted contents, in one flat
/// table per pool size), so permutations of the same sub-problem are searched once. The search
/// allocates only when a table grows.
public enum Solver {
    public static func solve(_ puzzle: Puzzle) -> [Step]? {
        let numbers = puzzle.numbers
        guard !numbers.isEmpty else { return nil }
        if numbers.count == 1 {
            return numbers[0] == puzzle.target ? [] : nil
        }
        var search = Search(target: puzzle.target, size: numbers.count)
        for (index, value) in numbers.enumerated() { search.pools[numbers.count][index] = value }
        return search.solve(count: numbers.count) ? search.steps : nil
    }

    private struct Search {
        let target: Int64
        /// pools[k] holds the current pool of size k (only its first k values are used).
        var pools: [[Int64]]
        var sortedKey: [Int64]
        /// failed[k]: sorted pools of size k from which the target is unreachable.
        var failed: [FlatKeySet]
        var steps: [Step] = []

        init(target: Int64, size: Int) {
            self.target = target
            pools = (0...size).map { [Int64](repeating: 0, count: max($0, 1)) }
            sortedKey = [Int64](repeating: 0, count: size)
            failed = (0...size).map { FlatKeySet(width: max($0, 1)) }
            steps.reserveCapacity(size)
        }

        mutating func solve(count: Int) -> Bool {
            if count == 2 {
                let a = pools[2][0], b = pools[2][1]
                for rawValue in PairOperation.rawValues {
                    let operation = PairOperation(rawValue: rawValue).unsafelyUnwrapped
                    let (lhs, op, rhs) = operation.operands(a, b)
                    if case let .value(result) = op.apply(lhs, rhs), result == target {
                        steps.append(Step(lhs, op, rhs, result))
                        return true
                    }
                }
                return false
            }
            // Sorted copy of this pool, the exact key of the sub-problem.
            for index in 0..<count {
                let value = pools[count][index]
                var position = index
                while position > 0 && sortedKey[position - 1] > value {
                    sortedKey[position] = sortedKey[position - 1]
                    position -= 1
                }
                sortedKey[position] = value
            }
            if failed[count].contains(sortedKey, count: count) { return false }
            for i in 0..<count {
                for j in (i + 1)..<count {
                    let a = pools[count][i], b = pools[count][j]
                    for rawValue in PairOperation.rawValues {
                        let operation = PairOperation(rawValue: rawValue).unsafelyUnwrapped
                        let (lhs, op, rhs) = operation.operands(a, b)
                        guard case let .value(result) = op.apply(lhs, rhs) else { continue }
                        var next = 0
                        for k in 0..<count where k != i && k != j {
                            pools[count - 1][next] = pools[count][k]
                            next += 1
                        }
                        pools[count - 1][next] = result
                        steps.append(Step(lhs, op, rhs, result))
                        if solve(count: count - 1) { return true }
                        steps.removeLast()
                    }
                }
            }
            // The recursion reused sortedKey; rebuild this pool's key before remembering it.
            for index in 0..<count { sortedKey[index] = pools[count][index] }
            sortedKey[0..<count].sort()
            failed[count].insert(sortedKey, count: count)
            return false
        }
    }
}

/// A set of fixed-width keys of Int64 values, stored inline in one array (open addressing, linear
/// probing), so that memoising millions of small pools does not allocate per pool.
private struct FlatKeySet {
    let width: Int
    private var slots: [Int64] = []
    private var occupied: [Bool] = []
    private var count = 0

    init(width: Int) {
        self.width = width
        resize(to: 1024)
    }

    private var capacity: Int { occupied.count }

    @inline(__always)
    private func hash(_ key: [Int64], _ start: Int) -> Int {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15
        for index in 0..<width {
            h = SplitMix64.mix(h ^ UInt64(bitPattern: key[start + index]))
        }
        return Int(truncatingIfNeeded: h) & (capacity - 1)
    }

    @inline(__always)
    private func matches(_ slot: Int, _ key: [Int64], _ start: Int) -> Bool {
        let base = slot * width
        for index in 0..<width where slots[base + index] != key[start + index] { return false }
        return true
    }

    func contains(_ key: [Int64], count: Int) -> Bool {
        var slot = hash(key, 0)
        while occupied[slot] {
            if matches(slot, key, 0) { return true }
            slot = (slot + 1) & (capacity - 1)
        }
        return false
    }

    mutating func insert(_ key: [Int64], count: Int) {
        if (self.count + 1) * 2 > capacity { resize(to: capacity * 2) }
        insert(key, start: 0)
    }

    private mutating func insert(_ key: [Int64], start: Int) {
        var slot = hash(key, start)
        while occupied[slot] {
            if matches(slot, key, start) { return }
            slot = (slot + 1) & (capacity - 1)
        }
        occupied[slot] = true
        for index in 0..<width { slots[slot * width + index] = key[start + index] }
        count += 1
    }

    private mutating func resize(to newCapacity: Int) {
        let oldSlots = slots, oldOccupied = occupied
        slots = [Int64](repeating: 0, count: newCapacity * width)
        occupied = [Bool](repeating: false, count: newCapacity)
        count = 0
        for slot in 0..<oldOccupied.count where oldOccupied[slot] {
            insert(oldSlots, start: slot * width)
        }
    }
}
