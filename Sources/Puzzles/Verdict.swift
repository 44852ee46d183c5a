/// Why a completion is not a valid solution: exactly the six error codes of `docs/rules.md` section 3
/// (the raw values are the codes written to files).
public enum VerificationFailure: String, CaseIterable, Sendable, Hashable, Codable {
    /// A piece that is not `int op int = int` (also: an empty completion, a trailing comma).
    case format
    /// A step uses a number that is not in the current pool.
    case `operand`
    /// A stated result differs from the true one (division by zero included).
    case arithmetic
    /// An integer, or a step's exact result, does not fit in 64 bits.
    case overflow
    /// More than one number is left after the last step.
    case incomplete
    /// One number is left, and it is not the target.
    case target
}

/// The verifier's answer for one completion.
public struct Verdict: Equatable, Sendable, CustomStringConvertible {
    /// nil when the completion is a valid solution.
    public var failure: VerificationFailure?

    public init(failure: VerificationFailure?) {
        self.failure = failure
    }

    public static let valid = Verdict(failure: nil)

    public var isValid: Bool { failure == nil }

    public var description: String { failure.map { "invalid (\($0.rawValue))" } ?? "valid" }
}
