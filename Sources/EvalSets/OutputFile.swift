package import Foundation

/// A file written under a temporary name beside its destination and renamed into place only by
/// `commit()`: an interrupted or failed run never leaves a partial file that looks complete.
package final class OutputFile {
    package let url: URL
    private let temporaryURL: URL
    private var handle: FileHandle?

    package init(url: URL) throws(EvalSetError) {
        self.url = url
        let directory = url.deletingLastPathComponent()
        temporaryURL = directory.appendingPathComponent(".\(url.lastPathComponent).partial-\(getpid())")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw .unwritable(path: url.path, reason: "cannot create directory \(directory.path): \(error.localizedDescription)")
        }
        guard FileManager.default.createFile(atPath: temporaryURL.path, contents: nil) else {
            throw .unwritable(path: url.path, reason: "cannot create \(temporaryURL.path)")
        }
        do {
            handle = try FileHandle(forWritingTo: temporaryURL)
        } catch {
            throw .unwritable(path: url.path, reason: error.localizedDescription)
        }
    }

    package func write(_ bytes: [UInt8]) throws(EvalSetError) {
        guard let handle else { return }
        do {
            try handle.write(contentsOf: bytes)
        } catch {
            throw .unwritable(path: url.path, reason: error.localizedDescription)
        }
    }

    /// Flushes, closes and renames the file into place (replacing any previous file).
    package func commit() throws(EvalSetError) {
        guard let handle else { return }
        self.handle = nil
        do {
            try handle.synchronize()
            try handle.close()
            if rename(temporaryURL.path, url.path) != 0 {
                throw EvalSetError.unwritable(path: url.path, reason: String(cString: strerror(errno)))
            }
        } catch let error as EvalSetError {
            throw error
        } catch {
            throw .unwritable(path: url.path, reason: error.localizedDescription)
        }
    }

    deinit {
        if let handle {
            try? handle.close()
            try? FileManager.default.removeItem(at: temporaryURL)
        }
    }

    /// Writes a whole file at once, atomically.
    package static func write(_ bytes: [UInt8], to url: URL) throws(EvalSetError) {
        let file = try OutputFile(url: url)
        try file.write(bytes)
        try file.commit()
    }
}
