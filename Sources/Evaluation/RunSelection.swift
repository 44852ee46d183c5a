package import EvalSets
import Foundation

/// Which puzzles a run scores: sets (in Table 2 order), the first `limit` puzzles of each N, and
/// optionally one shard of that selection.
package struct RunSelection: Codable, Equatable, Sendable {
    package var sets: [StandardSet]
    package var limit: Int?
    package var shard: Shard?

    package init(sets: [StandardSet] = StandardSet.allCases, limit: Int? = nil, shard: Shard? = nil)
        throws(EvaluationError) {
        guard !sets.isEmpty else { throw .invalidSelection("choose at least one set") }
        guard Set(sets).count == sets.count else {
            throw .invalidSelection("a set is named twice in \(sets.map(\.name).joined(separator: ","))")
        }
        if let limit, limit < 1 { throw .invalidSelection("the limit must be at least 1, not \(limit)") }
        // Table 2 order whatever order they were named in, so tables and files never depend on it.
        self.sets = StandardSet.allCases.filter(sets.contains)
        self.limit = limit
        self.shard = shard
    }

    /// Parses a comma-separated list of set names (`in-domain,extended-component`).
    package static func sets(parsing text: String) throws(EvaluationError) -> [StandardSet] {
        var sets: [StandardSet] = []
        for name in text.split(separator: ",", omittingEmptySubsequences: false) {
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            guard let set = StandardSet(rawValue: trimmed) else { throw .unknownSet(trimmed) }
            sets.append(set)
        }
        return sets
    }

    /// The same selection without the shard: what merged shards add up to.
    var unsharded: RunSelection {
        var copy = self
        copy.shard = nil
        return copy
    }

    enum CodingKeys: String, CodingKey {
        case sets, limit, shard
    }
}

/// Names for messages (the module's error cannot see `StandardSet` from a non-public context).
enum StandardSetNames {
    static var all: String { StandardSet.allCases.map(\.name).joined(separator: ", ") }
}
