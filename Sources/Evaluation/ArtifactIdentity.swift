package import Foundation
import Hashing

/// A model or adapter directory and a hash of its contents, so a run records exactly what it scored.
///
/// The hash covers every regular file under the directory (hidden files excepted), in sorted order:
/// SHA-256 over the lines `<relative path>\t<byte count>\t<file SHA-256>\n`. Two copies of the same
/// files in different places have the same hash; run directories compare hashes, never paths.
package struct ArtifactIdentity: Codable, Equatable, Sendable {
    /// The directory as given (recorded for information; not compared).
    package var path: String
    package var sha256: String
    package var files: [File]

    package struct File: Codable, Equatable, Sendable {
        package var path: String
        package var bytes: Int64
        package var sha256: String
    }

    package init(path: String, sha256: String, files: [File]) {
        self.path = path
        self.sha256 = sha256
        self.files = files
    }

    /// The directory's last path component.
    package var name: String { URL(fileURLWithPath: path).lastPathComponent }

    /// Hashes every file under `directory` (streamed, a few MiB at a time).
    package static func hashing(directory: URL) throws(EvaluationError) -> ArtifactIdentity {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory),
              isDirectory.boolValue else {
            throw .unreadable(path: directory.path, reason: "not a directory")
        }
        let relativePaths = try regularFiles(under: directory)
        guard !relativePaths.isEmpty else {
            throw .unreadable(path: directory.path, reason: "the directory holds no files")
        }
        var files: [File] = []
        var listing = SHA256()
        for relative in relativePaths {
            let file = try hashFile(directory.appendingPathComponent(relative), relativePath: relative)
            files.append(file)
            listing.update(data: Array("\(file.path)\t\(file.bytes)\t\(file.sha256)\n".utf8))
        }
        return ArtifactIdentity(path: directory.path, sha256: hex(listing.finalize()), files: files)
    }

    private static func regularFiles(under directory: URL) throws(EvaluationError) -> [String] {
        guard let subpaths = FileManager.default.subpaths(atPath: directory.path) else {
            throw .unreadable(path: directory.path, reason: "cannot list the directory")
        }
        return subpaths.filter { relative in
            guard !relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) else { return false }
            var isDirectory: ObjCBool = false
            let full = directory.appendingPathComponent(relative).path
            return FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory) && !isDirectory.boolValue
        }.sorted()
    }

    private static func hashFile(_ url: URL, relativePath: String) throws(EvaluationError) -> File {
        guard let handle = FileHandle(forReadingAtPath: url.path) else {
            throw .unreadable(path: url.path, reason: "cannot open for reading")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        var bytes: Int64 = 0
        while true {
            let chunk: Data?
            do {
                chunk = try handle.read(upToCount: 8 << 20)
            } catch {
                throw .unreadable(path: url.path, reason: error.localizedDescription)
            }
            guard let chunk, !chunk.isEmpty else { break }
            hasher.update(data: chunk)
            bytes += Int64(chunk.count)
        }
        return File(path: relativePath, bytes: bytes, sha256: hex(hasher.finalize()))
    }

    static func hex(_ digest: some Sequence<UInt8>) -> String {
        digest.map { byte in
            let digits = String(byte, radix: 16)
            return byte < 16 ? "0" + digits : digits
        }.joined()
    }
}
