/// The non-empty proper sub-masks of a bit mask, in increasing order (`split = (split - mask) & mask`
/// steps to the next one), so that a search over the splits of a sub-pool visits them in a fixed order.
///
/// A struct iterator rather than a closure, so that the searches' loops keep `continue` and early
/// `return`, and it inlines to the bare loop.
struct ProperSubmasks: Sequence, IteratorProtocol {
    private let mask: Int
    private var split = 0

    init(of mask: Int) {
        self.mask = mask
    }

    @inline(__always)
    mutating func next() -> Int? {
        split = (split - mask) & mask
        return split == mask ? nil : split
    }
}
