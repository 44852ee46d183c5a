@testable import EndpointBackend
import EvalSets
import Evaluation
import Foundation
import Testing

/// A run stopped by a failing server keeps its finished puzzles and resumes on another server of the
/// same model; a directory of another served model is refused.
@Suite struct ResumeTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func runner(_ directory: URL) throws -> EvalRunner {
        EvalRunner(evalSetsDirectory: packageRoot.appendingPathComponent("eval-sets"), directory: directory,
                   selection: try RunSelection(sets: [.inDomain], limit: 1, shard: nil),
                   environment: RunEnvironment(harnessVersion: "test"))
    }

    static func backend(_ server: ScriptedHTTPServer, model: String = FaultTests.model) throws -> EndpointBackend {
        try EndpointBackend(
            configuration: EndpointConfiguration(
                endpoints: [server.baseURL], servedModel: model, concurrency: 1, requestTimeout: 10,
                retry: FaultTests.retryPolicy, decoding: DecodingSettings(maxNewTokens: 32)),
            tokenCheck: nil, onRetry: { _ in }, sleeper: RecordingSleeper())
    }

    @Test func aRunStoppedByADeadServerResumesOnAnother() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("reckon-endpoint-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        // Two completions, then the server only answers 503.
        let failing = try FaultTests.server(completions: [FaultTests.success, FaultTests.success]) { _ in
            .body(status: 503, text: #"{"error":"engine died"}"#)
        }
        #expect(throws: EvaluationError.self) { _ = try Self.runner(directory).run(backend: try Self.backend(failing)) }
        let kept = try String(contentsOf: directory.appendingPathComponent("items.jsonl"), encoding: .utf8)
        #expect(kept.split(separator: "\n").count == 2)

        let healthy = try FaultTests.server()
        let report = try Self.runner(directory).run(backend: try Self.backend(healthy))
        #expect(report.results.sets.first?.total.puzzles == 3)
        #expect(healthy.received.filter { $0.method == "POST" }.count == 1)

        let otherModel = try FaultTests.server(listed: ["other-model"])
        #expect(throws: EvaluationError.self) {
            _ = try Self.runner(directory).run(backend: try Self.backend(otherModel, model: "other-model"))
        }
    }
}
