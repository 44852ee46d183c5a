/// One step `lhs op rhs = result` of a response.
public struct Step: Hashable, Sendable, CustomStringConvertible {
    public var lhs: Int64
    public var op: ArithmeticOperator
    public var rhs: Int64
    public var result: Int64

    public init(_ lhs: Int64, _ op: ArithmeticOperator, _ rhs: Int64, _ result: Int64) {
        self.lhs = lhs
        self.op = op
        self.rhs = rhs
        self.result = result
    }

    /// The response format of the paper's Table 1: `a<op>b=c`, no spaces, `-` directly before negatives.
    public var description: String {
        "\(lhs)\(op.symbol)\(rhs)=\(result)"
    }
}

extension Array where Element == Step {
    /// Steps joined with `", "`, as in the paper's SFT responses.
    package var responseText: String {
        map(\.description).joined(separator: ", ")
    }
}
