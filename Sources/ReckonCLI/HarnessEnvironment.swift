import ArgumentParser
import Evaluation
import Foundation
import TensorCore

/// The harness version, git commit and OpenBLAS facts recorded with each scoring session.
enum HarnessEnvironment {
    static func current(context: ComputeContext) -> RunEnvironment {
        let info = OpenBLAS.info(context: context)
        return RunEnvironment(harnessVersion: Reckon.configuration.version, gitCommit: gitCommit(),
                              threads: String(info.threadCount), openBLASCore: info.coreName)
    }

    /// The commit of the source tree this binary was built from, when that checkout is still there:
    /// `git rev-parse HEAD`, with `-dirty` when tracked files differ from it. nil when unknown.
    static func gitCommit() -> String? {
        let sourceDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().path
        guard let head = git(["-C", sourceDirectory, "rev-parse", "HEAD"]), !head.isEmpty else { return nil }
        let status = git(["-C", sourceDirectory, "status", "--porcelain", "--untracked-files=no"])
        return head + (status?.isEmpty == false ? "-dirty" : "")
    }

    /// Output of a git command, trimmed; nil when git is missing or fails (the commit is optional).
    private static func git(_ arguments: [String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return nil
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
