import Foundation

/// A run's `items.jsonl`, appended one whole line per finished puzzle so that a killed run loses at
/// most the line it was writing.
final class ItemLog {
    let url: URL
    private let handle: FileHandle

    /// Opens the file for appending, creating it when missing.
    init(appendingTo url: URL) throws(EvaluationError) {
        self.url = url
        if !FileManager.default.fileExists(atPath: url.path) {
            guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
                throw .unwritable(path: url.path, reason: "cannot create the file")
            }
        }
        do {
            handle = try FileHandle(forWritingTo: url)
            try handle.seekToEnd()
        } catch {
            throw .unwritable(path: url.path, reason: error.localizedDescription)
        }
    }

    /// Writes the line with one system call; the OS has it even if the process dies right after.
    func append(_ record: ItemRecord) throws(EvaluationError) {
        do {
            try handle.write(contentsOf: record.jsonLine)
        } catch {
            throw .unwritable(path: url.path, reason: error.localizedDescription)
        }
    }

    func close() throws(EvaluationError) {
        do {
            try handle.synchronize()
            try handle.close()
        } catch {
            throw .unwritable(path: url.path, reason: error.localizedDescription)
        }
    }

    /// Reads the records of an existing file (none when it does not exist).
    ///
    /// With `recoveringTornLine`, a last line without its newline (a run killed mid-write) is cut off
    /// the file and its puzzle redone; any other malformed line is an error naming it.
    static func read(_ url: URL, recoveringTornLine: Bool) throws(EvaluationError) -> [ItemRecord] {
        guard FileManager.default.fileExists(atPath: url.path) else { return [] }
        guard var data = FileManager.default.contents(atPath: url.path) else {
            throw .unreadable(path: url.path, reason: "not readable")
        }
        if let last = data.last, last != 0x0A {
            guard recoveringTornLine else {
                throw .malformedFile(path: url.path, line: nil, reason: "the last line is incomplete (no newline)")
            }
            let keep = (data.lastIndex(of: 0x0A).map { $0 + 1 }) ?? data.startIndex
            do {
                let handle = try FileHandle(forWritingTo: url)
                try handle.truncate(atOffset: UInt64(keep - data.startIndex))
                try handle.close()
            } catch {
                throw .unwritable(path: url.path, reason: "cannot cut off the incomplete last line: \(error.localizedDescription)")
            }
            data = data.prefix(upTo: keep)
        }
        let decoder = JSONDecoder()
        var records: [ItemRecord] = []
        for (offset, line) in data.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated()
        where !line.isEmpty {
            do {
                records.append(try decoder.decode(ItemRecord.self, from: Data(line)))
            } catch {
                throw .malformedFile(path: url.path, line: offset + 1, reason: "not an item record: \(error)")
            }
        }
        return records
    }
}
