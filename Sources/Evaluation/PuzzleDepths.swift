import EvalSets
import Foundation
import Synchronization

/// The shortcut depth of eval-set items: from the committed depth table (`eval-sets/depth.json`) when
/// it describes the very set file, otherwise computed (depth is a property of the puzzle).
enum PuzzleDepths {
    /// Tables by the SHA-256 of their file, so a process that loads the same sets many times reads it once.
    private static let tables = Mutex<[String: DepthTable]>([:])

    static func load(directory: URL, sets: [(name: String, sha256: String, items: [EvalItem])])
        throws(EvaluationError) -> [String: DepthTable.Entry] {
        let table = try committedTable(directory)
        var entries: [String: DepthTable.Entry] = [:]
        for set in sets {
            if let table, table.describes(set: set.name, sha256: set.sha256) {
                for item in set.items {
                    guard let entry = table.entries[item.id] else {
                        throw .malformedFile(path: directory.appendingPathComponent(DepthTable.fileName).path,
                                             line: nil, reason: "no depth for item \(item.id)")
                    }
                    entries[item.id] = entry
                }
            } else {
                do {
                    for (id, entry) in try DepthTable.compute(sets: [set]).table.entries { entries[id] = entry }
                } catch {
                    throw .backend("shortcut depth of set \(set.name): \(error)")
                }
            }
        }
        return entries
    }

    /// nil when the directory has no depth table; an error when it has a broken one.
    private static func committedTable(_ directory: URL) throws(EvaluationError) -> DepthTable? {
        let indexURL = directory.appendingPathComponent(DepthTable.indexName)
        guard FileManager.default.fileExists(atPath: indexURL.path) else { return nil }
        let fileURL = directory.appendingPathComponent(DepthTable.fileName)
        let key = FileManager.default.contents(atPath: fileURL.path).map { EvalSetManifest.sha256([UInt8]($0)) }
        if let key, let table = tables.withLock({ $0[key] }) { return table }
        do {
            let table = try DepthTable.read(from: directory)
            tables.withLock { $0[table.index.sha256] = table }
            return table
        } catch {
            throw .malformedFile(path: indexURL.path, line: nil, reason: error.description)
        }
    }
}
