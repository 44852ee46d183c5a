/// A failure the CLI reports as `Error: <message>` with a non-zero exit status.
struct CommandError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
