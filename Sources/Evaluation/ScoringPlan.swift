import EvalSets
import Foundation
import Puzzles
import Synchronization

/// One committed test set as a run used it: its file and the SHA-256 its manifest records.
package struct EvalSetIdentity: Codable, Equatable, Sendable {
    package var name: String
    package var file: String
    package var sha256: String
    package var generatorVersion: String

    enum CodingKeys: String, CodingKey {
        case name, file, sha256
        case generatorVersion = "generator_version"
    }
}

/// The puzzles a selection picks from the committed test sets, in scoring order, after checking each
/// file against the SHA-256 in `manifest.json`.
struct ScoringPlan {
    var evalSets: [EvalSetIdentity]
    /// The selected puzzles, shard applied, in selection order.
    var items: [EvalItem]
    /// Position of each item id in the unsharded selection: the order of the final items.jsonl.
    var position: [String: Int]
    /// Shortcut depth and solution of each selected item, by id.
    var depths: [String: DepthTable.Entry]
    /// The selected puzzles (shard applied) by id, for reading a run's records back.
    var itemsByID: [String: EvalItem]

    static func load(evalSetsDirectory directory: URL, selection: RunSelection) throws(EvaluationError) -> ScoringPlan {
        let manifest = try EvalSetFiles.manifest(directory)
        var identities: [EvalSetIdentity] = []
        var selected: [EvalItem] = []
        var depthSources: [(name: String, sha256: String, items: [EvalItem])] = []
        for set in selection.sets {
            guard let entry = manifest.sets.first(where: { $0.name == set.name }) else {
                throw .malformedFile(path: EvalSetFiles.manifestURL(directory).path, line: nil,
                                     reason: "no entry for set \(set.name)")
            }
            let url = directory.appendingPathComponent(entry.file)
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw .unreadable(path: url.path, reason: "no such file or not readable")
            }
            let actual = EvalSetManifest.sha256([UInt8](data))
            guard actual == entry.sha256 else {
                throw .evalSetMismatch(path: url.path, manifest: entry.sha256, actual: actual)
            }
            let items = try parsedItems(url, sha256: actual)
            identities.append(EvalSetIdentity(name: set.name, file: entry.file, sha256: actual,
                                              generatorVersion: manifest.generatorVersion))
            let picked = try pick(items, of: set, limit: selection.limit, path: url.path)
            selected += picked
            depthSources.append((set.name, actual, picked))
        }
        var position: [String: Int] = [:]
        for (index, item) in selected.enumerated() {
            guard position.updateValue(index, forKey: item.id) == nil else {
                throw .malformedFile(path: directory.path, line: nil, reason: "item id \(item.id) appears twice")
            }
        }
        let items = selection.shard.map { shard in
            selected.enumerated().filter { shard.contains(position: $0.offset) }.map(\.element)
        } ?? selected
        let depths = try PuzzleDepths.load(directory: directory, sets: depthSources)
        return ScoringPlan(evalSets: identities, items: items, position: position, depths: depths,
                           itemsByID: Dictionary(uniqueKeysWithValues: items.map { ($0.id, $0) }))
    }

    /// Parsed files by SHA-256: a process that loads the same sets many times (tests, merges) parses
    /// each file once. Keyed by content, so a changed file is never served from the cache.
    private static let parsed = Mutex<[String: [EvalItem]]>([:])

    private static func parsedItems(_ url: URL, sha256: String) throws(EvaluationError) -> [EvalItem] {
        if let items = parsed.withLock({ $0[sha256] }) { return items }
        let items = try EvalSetFiles.items(url)
        parsed.withLock { $0[sha256] = items }
        return items
    }

    /// The first `limit` puzzles of each N, in the set's N order and each N's file order.
    private static func pick(_ items: [EvalItem], of set: StandardSet, limit: Int?,
                             path: String) throws(EvaluationError) -> [EvalItem] {
        var picked: [EvalItem] = []
        for n in set.counts {
            let ofN = items.filter { $0.n == n }
            guard !ofN.isEmpty else {
                throw .malformedFile(path: path, line: nil, reason: "no puzzles with N=\(n)")
            }
            picked += limit.map { Array(ofN.prefix($0)) } ?? ofN
        }
        guard let stray = items.first(where: { $0.set != set.name || !set.counts.contains($0.n) }) else {
            return picked
        }
        throw .malformedFile(path: path, line: nil,
                             reason: "item \(stray.id) (set \(stray.set), N=\(stray.n)) does not belong to \(set.name)")
    }
}
