import Foundation

/// Reads a file or standard input line by line in large chunks (input may be millions of lines).
final class LineSource {
    let name: String
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var start = 0
    private var lineNumber = 0
    private var atEnd = false

    init(path: String?) throws {
        if let path, path != "-" {
            guard let handle = FileHandle(forReadingAtPath: path) else {
                throw CommandError("cannot read \(path): no such file or not readable")
            }
            self.handle = handle
            name = path
        } else {
            handle = FileHandle.standardInput
            name = "<stdin>"
        }
    }

    /// The next line without its newline, with its 1-based number; nil at the end of the input.
    func nextLine() throws -> (Int, ArraySlice<UInt8>)? {
        while true {
            if let newline = buffer[start...].firstIndex(of: 0x0A) {
                let line = buffer[start..<newline]
                start = newline + 1
                lineNumber += 1
                return (lineNumber, line)
            }
            if atEnd {
                guard start < buffer.count else { return nil }
                let line = buffer[start...]
                start = buffer.count
                lineNumber += 1
                return (lineNumber, line)
            }
            buffer.removeSubrange(0..<start)
            start = 0
            let chunk: Data?
            do {
                chunk = try handle.read(upToCount: 1 << 20)
            } catch {
                throw CommandError("cannot read \(name): \(error.localizedDescription)")
            }
            if let chunk, !chunk.isEmpty { buffer.append(contentsOf: chunk) } else { atEnd = true }
        }
    }
}
