import EvalSets
import Foundation

/// `--eval-sets DIR` checked before it is read: its default is relative to the repository root, so
/// the likeliest cause of a missing manifest is the working directory, which the message names.
enum EvalSetsLocation {
    static func require(_ path: String) throws -> URL {
        let url = URL(fileURLWithPath: path)
        guard FileManager.default.fileExists(atPath: url.appendingPathComponent(EvalSetDirectory.manifestName).path) else {
            throw CommandError("\(path): no eval sets (no \(EvalSetDirectory.manifestName)); "
                + "run from the repository root or give --eval-sets DIR")
        }
        return url
    }
}
