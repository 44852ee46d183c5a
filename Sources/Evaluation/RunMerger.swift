import EvalSets
package import Foundation

/// Merges the finished shard directories of one run into a run directory equal to the one an
/// unsharded run writes (timing aside).
package enum RunMerger {
    /// Refuses shards whose settings differ, shards missing or given twice, unfinished shards, and
    /// puzzles that are missing, duplicated or outside their shard.
    package static func merge(shards directories: [URL], into output: URL,
                             evalSetsDirectory: URL) throws(EvaluationError) -> RunReport {
        guard !directories.isEmpty else { throw .mergeRefused("no shard directories given") }
        var shards: [(directory: RunDirectory, identity: RunIdentity, shard: Shard)] = []
        for url in directories {
            let directory = RunDirectory(url)
            guard let identity = try directory.readIdentity() else {
                throw .notARunDirectory(path: url.path, reason: "no identity.json")
            }
            guard let shard = identity.selection.shard else {
                throw .mergeRefused("\(url.path) is not a shard (it was run without --shard)")
            }
            guard FileManager.default.fileExists(atPath: directory.reportURL.path) else {
                throw .mergeRefused("shard \(shard) in \(url.path) has not finished (no run.json); resume it first")
            }
            shards.append((directory, identity, shard))
        }
        let first = shards[0]
        for other in shards.dropFirst() {
            let differences = first.identity.differences(from: other.identity, ignoringShard: true)
            guard differences.isEmpty else {
                throw .mergeRefused("\(other.directory.url.path) differs from \(first.directory.url.path):\n  "
                    + differences.joined(separator: "\n  "))
            }
        }
        let count = first.shard.count
        if let wrong = shards.first(where: { $0.shard.count != count }) {
            throw .mergeRefused("\(wrong.directory.url.path) is shard \(wrong.shard), the others are of \(count)")
        }
        var seen: [Int: URL] = [:]
        for shard in shards {
            if let earlier = seen.updateValue(shard.directory.url, forKey: shard.shard.index) {
                throw .mergeRefused("shard \(shard.shard) is given twice: \(earlier.path) and \(shard.directory.url.path)")
            }
        }
        let missing = (0..<count).filter { seen[$0] == nil }
        guard missing.isEmpty else {
            throw .mergeRefused("shards \(missing.map { "\($0)/\(count)" }.joined(separator: ", ")) are missing")
        }

        let selection = first.identity.selection.unsharded
        let plan = try ScoringPlan.load(evalSetsDirectory: evalSetsDirectory, selection: selection)
        var identity = first.identity
        identity.selection = selection
        if plan.evalSets != identity.evalSets {
            throw .mergeRefused("the shards scored eval sets \(identity.evalSets.map(\.sha256)), "
                + "\(evalSetsDirectory.path) holds \(plan.evalSets.map(\.sha256))")
        }
        var records: [String: ItemRecord] = [:]
        var sessions: [RunSession] = []
        for shard in shards.sorted(by: { $0.shard.index < $1.shard.index }) {
            for record in try ItemLog.read(shard.directory.itemsURL, recoveringTornLine: false) {
                guard let position = plan.position[record.id] else {
                    throw .mergeRefused("\(shard.directory.itemsURL.path): item \(record.id) is not in the selection")
                }
                guard shard.shard.contains(position: position) else {
                    throw .mergeRefused("\(shard.directory.itemsURL.path): item \(record.id) belongs to shard "
                        + "\(position % count)/\(count), not \(shard.shard)")
                }
                guard records.updateValue(record, forKey: record.id) == nil else {
                    throw .mergeRefused("item \(record.id) appears twice")
                }
            }
            sessions += try shard.directory.readSessions()
        }
        let unfinished = plan.items.filter { records[$0.id] == nil }
        guard unfinished.isEmpty else {
            throw .mergeRefused("\(unfinished.count) puzzles have no completion in any shard, for example \(unfinished[0].id)")
        }
        let output = RunDirectory(output)
        // Locked before claiming, so two processes starting together cannot both pass the checks.
        let lock = try RunLock(directory: output.url)
        defer { withExtendedLifetime(lock) {} }
        try output.claim(for: identity)
        return try output.finish(identity: identity, plan: plan, records: records, sessions: sessions)
    }
}
