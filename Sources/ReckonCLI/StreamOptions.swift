import ArgumentParser

/// Where a line-by-line command reads and writes: files, or standard input and output.
struct StreamOptions: ParsableArguments {
    @Option(help: "Input file (default: standard input).")
    var `in`: String?

    @Option(help: "Output file (default: standard output); it appears only once complete.")
    var out: String?

    func openInput() throws -> LineSource { try LineSource(path: `in`) }

    func openOutput() throws -> OutputDestination { try OutputDestination(path: out) }
}
