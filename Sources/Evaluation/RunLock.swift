import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An exclusive advisory lock (`flock`) on `<run directory>/.lock`, held while a process writes the
/// run: two processes appending to one items.jsonl (a requeued job while the old one still runs)
/// would otherwise score puzzles twice. The kernel releases it when the process ends, even by SIGKILL.
final class RunLock {
    private let descriptor: Int32

    init(directory: URL) throws(EvaluationError) {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw .unwritable(path: directory.path, reason: "cannot create the directory: \(error.localizedDescription)")
        }
        let path = directory.appendingPathComponent(".lock").path
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw .unwritable(path: path, reason: String(cString: strerror(errno)))
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let reason = errno == EWOULDBLOCK
                ? "another reckon process is scoring into this directory; wait for it or stop it first"
                : String(cString: strerror(errno))
            close(descriptor)
            throw .unwritable(path: directory.path, reason: reason)
        }
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }
}
