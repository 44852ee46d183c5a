/// Errors of the endpoint backend; each names the server, the request (the puzzle id) and the problem.
public enum EndpointError: Error, CustomStringConvertible, Sendable {
    /// An `--endpoint` that is not an http(s) `/v1` base URL without credentials or query.
    case invalidEndpoint(String, reason: String)
    /// The environment variable named by `--api-key-env` is unset or empty.
    case missingAPIKey(variable: String)
    /// The server answered with a status that retrying cannot fix (a 4xx other than 408 and 429).
    case refused(request: String, endpoint: String, status: Int, message: String)
    /// A reply whose body is not the JSON the API promises (malformed, truncated, missing fields).
    case malformedReply(request: String, endpoint: String, reason: String)
    /// Every attempt failed with a retryable problem (connection, timeout, 429, 5xx).
    case gaveUp(request: String, attempts: Int, lastFailure: String)
    /// The server's `/v1/models` does not list the served model.
    case modelNotServed(endpoint: String, servedModel: String, listed: [String])
    /// Two endpoints say they serve different checkpoints under the same name.
    case endpointsDisagree(String)
    /// The server counted another number of prompt tokens than the model's tokenizer does.
    case promptTokenMismatch(request: String, endpoint: String, server: Int, local: Int, tokenizer: String)
    /// The tokenizer given for the prompt-token check cannot be used.
    case tokenizer(String)

    public var description: String {
        switch self {
        case let .invalidEndpoint(url, reason):
            "--endpoint \(url): \(reason)"
        case let .missingAPIKey(variable):
            "--api-key-env \(variable): the environment variable is unset or empty"
        case let .refused(request, endpoint, status, message):
            "request \(request) to \(endpoint): the server answered \(status): \(message)"
        case let .malformedReply(request, endpoint, reason):
            "request \(request) to \(endpoint): malformed reply: \(reason)"
        case let .gaveUp(request, attempts, lastFailure):
            "request \(request) failed \(attempts) times, the last time with: \(lastFailure); "
                + "finished puzzles are kept, run the same command again to resume"
        case let .modelNotServed(endpoint, servedModel, listed):
            "\(endpoint)/models does not list '\(servedModel)'; it lists "
                + (listed.isEmpty ? "no models" : listed.map { "'\($0)'" }.joined(separator: ", "))
                + "; give --served-model as the server names the model"
        case let .endpointsDisagree(reason):
            "the endpoints serve different models: \(reason)"
        case let .promptTokenMismatch(request, endpoint, server, local, tokenizer):
            "request \(request) to \(endpoint): the server counted \(server) prompt tokens, the tokenizer in "
                + "\(tokenizer) gives \(local) (BOS included as its configuration says). "
                + Self.mismatchHint(server: server, local: local)
                + " Completions of a differently tokenized prompt are not the model's answers to the puzzle; "
                + "fix the server (or give the tokenizer it serves with --tokenizer-dir)."
        case let .tokenizer(reason):
            "--tokenizer-dir: \(reason)"
        }
    }

    private static func mismatchHint(server: Int, local: Int) -> String {
        switch server - local {
        case 1: "One more on the server: it adds a BOS that this tokenizer's configuration does not, or a second one."
        case -1: "One fewer on the server: it adds no BOS where this tokenizer's configuration adds one."
        case let extra where extra > 1: "Many more on the server: a chat template, a system prompt or another tokenizer."
        default: "Fewer on the server: another tokenizer."
        }
    }
}
