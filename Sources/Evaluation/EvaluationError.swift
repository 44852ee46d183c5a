/// Errors of the evaluation module; each names the file or run directory and the problem.
public enum EvaluationError: Error, CustomStringConvertible, Sendable {
    case unreadable(path: String, reason: String)
    case unwritable(path: String, reason: String)
    case malformedFile(path: String, line: Int?, reason: String)
    /// A test-set file whose bytes do not hash to its manifest entry.
    case evalSetMismatch(path: String, manifest: String, actual: String)
    case unknownSet(String)
    case invalidShard(String)
    case invalidSelection(String)
    /// The run directory was started with other settings; each difference is one line.
    case runMismatch(directory: String, differences: [String])
    case notARunDirectory(path: String, reason: String)
    /// A backend returned without completing some prompts, or completed one twice.
    case backend(String)
    /// The caller asked the run to stop; what was finished is kept for the next run to resume.
    case interrupted(directory: String, finished: Int, total: Int)
    case mergeRefused(String)

    public var description: String {
        switch self {
        case let .unreadable(path, reason): "cannot read \(path): \(reason)"
        case let .unwritable(path, reason): "cannot write \(path): \(reason)"
        case let .malformedFile(path, line?, reason): "\(path):\(line): \(reason)"
        case let .malformedFile(path, nil, reason): "\(path): \(reason)"
        case let .evalSetMismatch(path, manifest, actual):
            "\(path): SHA-256 \(actual) differs from the manifest's \(manifest); regenerate or restore the file"
        case let .unknownSet(name):
            "unknown set '\(name)'; the sets are \(StandardSetNames.all)"
        case let .invalidShard(reason): "invalid shard: \(reason)"
        case let .invalidSelection(reason): "invalid selection: \(reason)"
        case let .runMismatch(directory, differences):
            "\(directory) holds a run with other settings; use another --out directory or the same settings:\n  "
                + differences.joined(separator: "\n  ")
        case let .notARunDirectory(path, reason): "\(path) is not a run directory: \(reason)"
        case let .backend(reason): "backend: \(reason)"
        case let .interrupted(directory, finished, total):
            "interrupted with \(finished) of \(total) puzzles finished; run the same command again to resume in \(directory)"
        case let .mergeRefused(reason): "cannot merge: \(reason)"
        }
    }
}
