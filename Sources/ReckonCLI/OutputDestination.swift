import EvalSets
import Foundation

/// Standard output, or a file that appears under its name only once everything was written.
final class OutputDestination {
    private let file: OutputFile?

    init(path: String?) throws {
        if let path, path != "-" {
            file = try OutputFile(url: URL(fileURLWithPath: path))
        } else {
            file = nil
        }
    }

    func write(_ bytes: [UInt8]) throws {
        if let file {
            try file.write(bytes)
        } else {
            try FileHandle.standardOutput.write(contentsOf: bytes)
        }
    }

    func finish() throws {
        try file?.commit()
    }
}

/// Prints a line on standard error (progress and summaries never mix with results on stdout).
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
