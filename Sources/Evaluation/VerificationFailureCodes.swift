import Puzzles

/// The six error codes in the spec's order, for modules that render them without importing Puzzles.
enum VerificationFailureCodes {
    static let all = VerificationFailure.allCases.map(\.rawValue)
}
