import Foundation

/// The `/v1` base URL of an OpenAI-compatible server, checked: http or https, a host, no user or
/// password (keys go in `--api-key-env`, never on a command line or in a run's files), no query.
struct EndpointURL: Hashable, Sendable, CustomStringConvertible {
    /// Without a trailing slash: `http://127.0.0.1:8000/v1`.
    let base: String
    let completions: URL
    let models: URL

    init(parsing text: String) throws(EndpointError) {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased() else {
            throw .invalidEndpoint(text, reason: "not a URL; expected e.g. http://127.0.0.1:8000/v1")
        }
        guard scheme == "http" || scheme == "https" else {
            throw .invalidEndpoint(text, reason: "the scheme must be http or https")
        }
        guard let host = components.host, !host.isEmpty else { throw .invalidEndpoint(text, reason: "no host") }
        guard components.user == nil, components.password == nil else {
            throw .invalidEndpoint("(credentials left out) \(scheme)://\(host)",
                                   reason: "credentials in the URL would be recorded; use --api-key-env VAR")
        }
        guard components.query == nil, components.fragment == nil else {
            throw .invalidEndpoint(text, reason: "a query or fragment is not part of a /v1 base URL")
        }
        var base = text
        while base.hasSuffix("/") { base.removeLast() }
        guard let completions = URL(string: base + "/completions"), let models = URL(string: base + "/models") else {
            throw .invalidEndpoint(text, reason: "cannot append /completions to it")
        }
        self.base = base
        self.completions = completions
        self.models = models
    }

    var description: String { base }
}
