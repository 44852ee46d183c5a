/// Why a document is not strict JSON, and where: `offset` is the 0-based byte offset at which the
/// parser stopped. Each module maps this into its own error, naming the file.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public let reason: String
    public let offset: Int

    public init(reason: String, offset: Int) {
        self.reason = reason
        self.offset = offset
    }

    public var description: String { "\(reason) at byte \(offset)" }

    /// The 1-based line and column of `offset` in `bytes`, counting bytes (for text files that
    /// people edit).
    public func lineAndColumn(in bytes: some Collection<UInt8>) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        for byte in bytes.prefix(offset) {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return (line, column)
    }
}
