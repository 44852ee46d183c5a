import EvalSets
import Foundation

/// Every set file named in an eval-sets directory's `manifest.json`, parsed (hashes are checked where
/// a run is planned: `ScoringPlan`).
enum EvalSetFiles {
    static func read(_ directory: URL) throws(EvaluationError) -> [(entry: EvalSetManifest.Entry, items: [EvalItem])] {
        let manifestURL = directory.appendingPathComponent(EvalSetDirectory.manifestName)
        let manifest: EvalSetManifest
        do {
            manifest = try EvalSetManifest.read(from: manifestURL)
        } catch {
            throw .unreadable(path: manifestURL.path, reason: error.description)
        }
        var sets: [(entry: EvalSetManifest.Entry, items: [EvalItem])] = []
        for entry in manifest.sets {
            let url = directory.appendingPathComponent(entry.file)
            do {
                sets.append((entry, try EvalItem.readAll(from: url)))
            } catch {
                throw .malformedFile(path: url.path, line: nil, reason: error.description)
            }
        }
        return sets
    }
}
