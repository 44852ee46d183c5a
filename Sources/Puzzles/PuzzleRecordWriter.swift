/// Writes generated puzzles as JSONL lines (`docs/rules.md` section 5) straight into a byte buffer.
///
/// Hand-written rather than `JSONEncoder` because the paper's 100M-puzzle training set should take
/// minutes: the field order is fixed (`id`, `set`, `n`, `numbers`, `target`, `prompt`, `response`),
/// so the bytes are stable across platforms and Foundation versions.
package struct PuzzleRecordWriter {
    package private(set) var bytes: [UInt8] = []

    package init(capacity: Int = 1 << 20) {
        bytes.reserveCapacity(capacity)
    }

    package mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
    }

    /// Appends one line (with its newline) for a puzzle.
    package mutating func append(id: String, set: String, numbers: [Int64], target: Int64, steps: [Step]) {
        appendASCII("{\"id\":")
        appendJSONString(id)
        appendFields(set: set, numbers: numbers, target: target, steps: steps)
    }

    /// Appends one line whose id is `<set>-<index>` (training data), without building the id string.
    package mutating func append(set: String, index: UInt64, numbers: [Int64], target: Int64, steps: [Step]) {
        appendASCII("{\"id\":\"")
        bytes.append(contentsOf: set.utf8)
        bytes.append(UInt8(ascii: "-"))
        appendInteger(Int64(truncatingIfNeeded: index))
        bytes.append(UInt8(ascii: "\""))
        appendFields(set: set, numbers: numbers, target: target, steps: steps)
    }

    private mutating func appendFields(set: String, numbers: [Int64], target: Int64, steps: [Step]) {
        appendASCII(",\"set\":")
        appendJSONString(set)
        appendASCII(",\"n\":")
        appendInteger(Int64(numbers.count))
        appendASCII(",\"numbers\":[")
        appendIntegers(numbers, separator: ",")
        appendASCII("],\"target\":")
        appendInteger(target)
        appendASCII(",\"prompt\":\"")
        appendIntegers(numbers, separator: ", ")
        appendASCII(": ")
        appendInteger(target)
        appendASCII("\",\"response\":\"")
        for (index, step) in steps.enumerated() {
            if index > 0 { appendASCII(", ") }
            appendInteger(step.lhs)
            bytes.append(step.op.asciiByte)
            appendInteger(step.rhs)
            bytes.append(UInt8(ascii: "="))
            appendInteger(step.result)
        }
        appendASCII("\"}\n")
    }

    package mutating func append(id: String, set: String, puzzle: GeneratedPuzzle) {
        append(id: id, set: set, numbers: puzzle.puzzle.numbers, target: puzzle.puzzle.target, steps: puzzle.steps)
    }

    @inline(__always)
    private mutating func appendASCII(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// The values in decimal, `separator` between them: the `numbers` array and the prompt's list.
    @inline(__always)
    private mutating func appendIntegers(_ values: [Int64], separator: StaticString) {
        for (index, value) in values.enumerated() {
            if index > 0 { appendASCII(separator) }
            appendInteger(value)
        }
    }

    @inline(__always)
    mutating func appendInteger(_ value: Int64) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        if magnitude < 10 {
            bytes.append(UInt8(ascii: "0") &+ UInt8(magnitude))
            return
        }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var count = 0
            while magnitude > 0 {
                digits[19 - count] = UInt8(ascii: "0") &+ UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[(20 - count)...]))
        }
    }

    private mutating func appendJSONString(_ text: String) {
        JSONText.appendQuoted(text, to: &bytes)
    }
}
