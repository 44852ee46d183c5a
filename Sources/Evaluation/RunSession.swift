import Foundation

/// Facts about the machine and harness that do not change which puzzles pass, but are recorded with
/// every session. The caller supplies them as plain strings (the evaluator knows nothing of OpenBLAS).
package struct RunEnvironment: Codable, Equatable, Sendable {
    package var harnessVersion: String
    /// The git commit of the harness source, `-dirty` appended when it had changes; nil when unknown.
    package var gitCommit: String?
    package var threads: String?
    /// The OpenBLAS kernels (core) in use: a different core can round differently.
    package var openBLASCore: String?

    package init(harnessVersion: String, gitCommit: String? = nil, threads: String? = nil,
                openBLASCore: String? = nil) {
        self.harnessVersion = harnessVersion
        self.gitCommit = gitCommit
        self.threads = threads
        self.openBLASCore = openBLASCore
    }

    enum CodingKeys: String, CodingKey {
        case threads
        case harnessVersion = "harness_version"
        case gitCommit = "git_commit"
        case openBLASCore = "openblas_core"
    }
}

/// One invocation that worked on a run directory, appended to `sessions.jsonl` when it ends
/// (finished, interrupted or failed). A process killed with SIGKILL leaves no session line; its
/// finished puzzles are still in items.jsonl.
package struct RunSession: Codable, Equatable, Sendable {
    package var started: String
    package var ended: String
    package var wallSeconds: Double
    /// Completions this session produced.
    package var completions: Int
    package var generatedTokens: Int
    package var tokensPerSecond: Double?
    /// `finished`, or what stopped it.
    package var outcome: String
    package var shard: Shard?
    package var environment: RunEnvironment

    package init(started: String, ended: String, wallSeconds: Double, completions: Int, generatedTokens: Int,
                 tokensPerSecond: Double?, outcome: String, shard: Shard?, environment: RunEnvironment) {
        self.started = started
        self.ended = ended
        self.wallSeconds = wallSeconds
        self.completions = completions
        self.generatedTokens = generatedTokens
        self.tokensPerSecond = tokensPerSecond
        self.outcome = outcome
        self.shard = shard
        self.environment = environment
    }

    enum CodingKeys: String, CodingKey {
        case started, ended, completions, outcome, shard, environment
        case wallSeconds = "wall_seconds"
        case generatedTokens = "generated_tokens"
        case tokensPerSecond = "tokens_per_second"
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    static func rate(_ tokens: Int, _ seconds: Double) -> Double? {
        seconds > 0 ? (Double(tokens) / seconds * 10).rounded() / 10 : nil
    }
}

/// Timing over all sessions of a run (or of all merged shards).
package struct RunTiming: Codable, Equatable, Sendable {
    /// The first session's start and the last session's end.
    package var started: String?
    package var ended: String?
    /// Wall-clock seconds of the sessions, added up (time between sessions is not counted; shards
    /// running in parallel add up).
    package var wallSeconds: Double
    package var generatedTokens: Int
    /// Generated tokens per second of `wallSeconds`: the throughput of one worker.
    package var tokensPerSecond: Double?

    package init(sessions: [RunSession]) {
        started = sessions.map(\.started).min()
        ended = sessions.map(\.ended).max()
        wallSeconds = (sessions.reduce(0) { $0 + $1.wallSeconds } * 1000).rounded() / 1000
        generatedTokens = sessions.reduce(0) { $0 + $1.generatedTokens }
        tokensPerSecond = RunSession.rate(generatedTokens, wallSeconds)
    }

    enum CodingKeys: String, CodingKey {
        case started, ended
        case wallSeconds = "wall_seconds"
        case generatedTokens = "generated_tokens"
        case tokensPerSecond = "tokens_per_second"
    }
}

/// `run.json`: what was scored, the scores, and how long it took.
public struct RunReport: Codable, Equatable, Sendable {
    package var identity: RunIdentity
    package var results: RunResults
    package var timing: RunTiming
    package var sessions: [RunSession]

    package init(identity: RunIdentity, results: RunResults, timing: RunTiming, sessions: [RunSession]) {
        self.identity = identity
        self.results = results
        self.timing = timing
        self.sessions = sessions
    }
}
