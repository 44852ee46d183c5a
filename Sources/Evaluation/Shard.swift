/// One of `count` disjoint parts of a run: the puzzles at positions `index`, `index + count`, ...
/// of the selection. Indexes count from 0, as Slurm array task ids and Kubernetes completion indexes do.
package struct Shard: Codable, Equatable, Hashable, Sendable, CustomStringConvertible {
    package var index: Int
    package var count: Int

    package init(index: Int, count: Int) throws(EvaluationError) {
        guard count >= 1 else { throw .invalidShard("the shard count must be at least 1, not \(count)") }
        guard (0..<count).contains(index) else {
            throw .invalidShard("shard index \(index) is outside 0...\(count - 1) (indexes count from 0)")
        }
        self.index = index
        self.count = count
    }

    /// Parses `I/N`, for example `0/4`.
    package init(parsing text: String) throws(EvaluationError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else {
            throw .invalidShard("'\(text)' is not I/N, for example 0/4")
        }
        try self.init(index: index, count: count)
    }

    package var description: String { "\(index)/\(count)" }

    func contains(position: Int) -> Bool { position % count == index }
}
