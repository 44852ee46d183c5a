import EvalSets
import Foundation

/// Reading an eval-sets directory: its `manifest.json` and the set files it names, parsed (hashes are
/// checked where a run is planned: `ScoringPlan`). Every reader goes through here, so a broken file is
/// reported the same way wherever it is read.
enum EvalSetFiles {
    static func manifestURL(_ directory: URL) -> URL {
        directory.appendingPathComponent(EvalSetDirectory.manifestName)
    }

    static func manifest(_ directory: URL) throws(EvaluationError) -> EvalSetManifest {
        let url = manifestURL(directory)
        do {
            return try EvalSetManifest.read(from: url)
        } catch {
            // EvalSetError already names the file; its reason alone keeps the path from being said twice.
            switch error {
            case let .unreadable(_, reason): throw .unreadable(path: url.path, reason: reason)
            case let .malformedManifest(_, reason): throw .malformedFile(path: url.path, line: nil, reason: reason)
            default: throw .unreadable(path: url.path, reason: error.description)
            }
        }
    }

    /// The puzzles of one set file.
    static func items(_ url: URL) throws(EvaluationError) -> [EvalItem] {
        do {
            return try EvalItem.readAll(from: url)
        } catch {
            throw .malformedFile(path: url.path, line: nil, reason: error.description)
        }
    }

    /// Every set file named in the manifest, parsed.
    static func read(_ directory: URL) throws(EvaluationError) -> [(entry: EvalSetManifest.Entry, items: [EvalItem])] {
        var sets: [(entry: EvalSetManifest.Entry, items: [EvalItem])] = []
        for entry in try manifest(directory).sets {
            sets.append((entry, try items(directory.appendingPathComponent(entry.file))))
        }
        return sets
    }
}
