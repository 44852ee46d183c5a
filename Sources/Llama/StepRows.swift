/// The tokens one forward pass processes. Row `r` is token `tokens[r]` of the sequence held in KV
/// cache slot `slots[r]`, at position `positions[r]` of that sequence; rows listed in
/// `logitRows` want their next-token logits.
///
/// The arrays are allocated once at their capacity and overwritten in place, so filling a step
/// allocates nothing.
struct StepRows {
    private(set) var tokens: [Int]
    private(set) var slots: [Int]
    private(set) var positions: [Int]
    private(set) var count = 0
    private(set) var logitRows: [Int]
    private(set) var logitCount = 0

    let capacity: Int
    let logitCapacity: Int

    init(capacity: Int, logitCapacity: Int) {
        self.capacity = capacity
        self.logitCapacity = logitCapacity
        tokens = Array(repeating: 0, count: capacity)
        slots = Array(repeating: 0, count: capacity)
        positions = Array(repeating: 0, count: capacity)
        logitRows = Array(repeating: 0, count: logitCapacity)
    }

    var isFull: Bool { count == capacity }

    mutating func removeAll() {
        count = 0
        logitCount = 0
    }

    /// Appends a row; `wantsLogits` makes it the next entry of `logitRows`.
    mutating func append(token: Int, slot: Int, position: Int, wantsLogits: Bool) {
        precondition(count < capacity, "step holds at most \(capacity) rows")
        tokens[count] = token
        slots[count] = slot
        positions[count] = position
        if wantsLogits {
            precondition(logitCount < logitCapacity, "step holds at most \(logitCapacity) logit rows")
            logitRows[logitCount] = count
            logitCount += 1
        }
        count += 1
    }
}
