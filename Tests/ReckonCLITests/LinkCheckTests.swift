import Foundation
import Testing

/// `scripts/check-links.py` over the repository and the built `reckon`: every file the docs, scripts,
/// `--help` texts and table footers cite must exist (the rules were once cited from a file that was
/// never committed).
@Suite("scripts/check-links.py: no dangling file references")
struct LinkCheckTests {
    static let script = ReckonProcess.packageRoot.appendingPathComponent("scripts/check-links.py")

    /// Runs the checker with python3 from PATH; output goes to files so a long report cannot block it.
    static func check(_ arguments: [String]) throws -> ReckonProcess.Output {
        let scratch = try ReckonProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("stdout"), errURL = scratch.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path] + arguments
        process.currentDirectoryURL = ReckonProcess.packageRoot
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        try process.run()
        process.waitUntilExit()
        return ReckonProcess.Output(status: process.terminationStatus,
                                    stdout: try String(contentsOf: outURL, encoding: .utf8),
                                    stderr: try String(contentsOf: errURL, encoding: .utf8))
    }

    @Test("the repository, every subcommand's --help and the comparison table cite only files that exist")
    func repositoryHasNoDanglingReference() throws {
        let result = try Self.check(["--reckon", ReckonProcess.executable.path])
        #expect(result.status == 0, "dangling references:\n\(result.stdout)\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test("a planted dangling reference is reported with where it is cited; URLs, placeholders and outputs are not")
    func plantedReferenceIsReported() throws {
        let root = try ReckonProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        for (folder, file) in [("docs", "rules.md"), ("results", "README.md")] {
            let directory = root.appendingPathComponent(folder)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try "# \(folder)\n".write(to: directory.appendingPathComponent(file), atomically: true, encoding: .utf8)
        }
        let readme = """
            The rules are in [docs/rules.md](docs/rules.md) and `docs/rules.md` section 3.
            See [the spec](docs/missing-spec.md), `docs/gone.md` and old-spec.md section 8.
            Not references: https://example.com/docs/x.md, `results/<run>/`, `reckon score --out results/new-run`,
            then `reckon compare results/new-run`.
            Never cite /work/shared/docs/notes.md.
            """
        try readme.write(to: root.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)

        let result = try Self.check(["--root", root.path, "--files-only"])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stdout.split(separator: "\n") == [
            "README.md:2: link (docs/missing-spec.md) -> docs/missing-spec.md does not exist",
            "README.md:2: docs/gone.md does not exist",
            "README.md:2: old-spec.md does not exist (neither in ./ nor at the root)",
            "README.md:5: cites /work/shared/docs/notes.md, outside the repository",
        ])
    }
}
