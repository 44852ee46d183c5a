/// Errors of the eval-set module; each names the file (and line) and the problem.
public enum EvalSetError: Error, CustomStringConvertible, Sendable {
    case unreadable(path: String, reason: String)
    case unwritable(path: String, reason: String)
    case malformedLine(path: String, line: Int, reason: String)
    case malformedManifest(path: String, reason: String)
    case generation(String)

    public var description: String {
        switch self {
        case let .unreadable(path, reason): "cannot read \(path): \(reason)"
        case let .unwritable(path, reason): "cannot write \(path): \(reason)"
        case let .malformedLine(path, line, reason): "\(path):\(line): \(reason)"
        case let .malformedManifest(path, reason): "\(path): \(reason)"
        case let .generation(reason): reason
        }
    }
}
