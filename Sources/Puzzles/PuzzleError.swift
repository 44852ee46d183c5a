/// Errors of the puzzle module: malformed prompts and impossible generation requests.
public enum PuzzleError: Error, Equatable, CustomStringConvertible, Sendable {
    /// A prompt that is not `a, b, ...: target`; the reason says what is wrong and where.
    case malformedPrompt(String, reason: String)
    case invalidDistribution(String)
    /// The distribution holds too few distinct puzzles for the requested count.
    case exhausted(String)
    /// A puzzle too large for an exponential analysis (shortcut depth).
    case tooLarge(String)

    public var description: String {
        switch self {
        case let .malformedPrompt(prompt, reason):
            let shown = prompt.count > 80 ? String(prompt.prefix(77)) + "..." : prompt
            return "malformed prompt \"\(shown)\": \(reason)"
        case let .invalidDistribution(reason):
            return "invalid puzzle distribution: \(reason)"
        case let .exhausted(reason):
            return "cannot generate enough distinct puzzles: \(reason)"
        case let .tooLarge(reason):
            return "puzzle too large: \(reason)"
        }
    }
}
