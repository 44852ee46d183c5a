import Foundation
import Testing

/// Compares text with a file in Snapshots/ beside this file; `RECKON_RECORD_SNAPSHOTS=1` rewrites the
/// files instead (then review the diff and commit it).
enum Snapshot {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

    static func check(_ text: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = directory.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["RECKON_RECORD_SNAPSHOTS"] == "1" {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("no snapshot \(name); record it with RECKON_RECORD_SNAPSHOTS=1", sourceLocation: sourceLocation)
            return
        }
        #expect(text == expected, "differs from Snapshots/\(name); re-record with RECKON_RECORD_SNAPSHOTS=1 if intended",
                sourceLocation: sourceLocation)
    }
}
