import Foundation
import Testing

/// `reckon score --endpoint` on a real engine: `.ci/run` starts `transformers serve models/tiny` on
/// 127.0.0.1 and sets RECKON_TEST_ENDPOINT (its /v1 URL) and RECKON_TEST_SERVED_MODEL; without them
/// the agreement test is skipped. The option checks need no server.
@Suite("reckon score --endpoint")
struct EndpointScoreCLITests {
    static let environment = ProcessInfo.processInfo.environment
    static let endpoint = environment["RECKON_TEST_ENDPOINT"]
    static let servedModel = environment["RECKON_TEST_SERVED_MODEL"] ?? "models/tiny"
    /// Puzzles per N of each set: 10 x (3 + 3 + 3 + 1) = 100 puzzles.
    static let limit = "10"

    @Test("agrees item for item with the local backend on transformers serve models/tiny",
          .enabled(if: endpoint != nil, "set RECKON_TEST_ENDPOINT (.ci/run starts transformers serve)"))
    func agreesWithTheLocalBackend() throws {
        let scratch = try ReckonProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let local = scratch.appendingPathComponent("local"), served = scratch.appendingPathComponent("served")
        // The server generates to the newline or EOS, so the local backend runs without early stop (which
        // would end wrong completions sooner, with the same verdicts: EarlyStopCLITests).
        let localRun = try ReckonProcess.run(["score", "--model", "models/tiny", "--limit", Self.limit,
                                              "--threads", "1", "--no-early-stop", "--out", local.path])
        #expect(localRun.status == 0, "\(localRun.stderr)")
        let servedRun = try ReckonProcess.run([
            "score", "--endpoint", try #require(Self.endpoint), "--served-model", Self.servedModel,
            "--concurrency", "2", "--limit", Self.limit, "--out", served.path])
        #expect(servedRun.status == 0, "\(servedRun.stderr)")
        // models/tiny is a local directory with its tokenizer, so the prompt token counts were checked.
        #expect(!servedRun.stderr.contains("are not checked"))
        #expect(servedRun.stdout.contains("backend endpoint; served model \(Self.servedModel) (1 server)"))

        let localItems = try ScoredItem.all(in: local), servedItems = try ScoredItem.all(in: served)
        #expect(localItems.count == 100 && servedItems.map(\.id) == localItems.map(\.id))
        for (mine, theirs) in zip(localItems, servedItems) {
            // The server stops at a newline (the verifier reads only the first line); the local backend
            // stops at EOS. Where the local completion has no newline, every field must agree.
            if mine.completion.contains("\n") {
                #expect(theirs.completion.split(separator: "\n", omittingEmptySubsequences: false).first
                        == mine.completion.split(separator: "\n", omittingEmptySubsequences: false).first, "\(mine.id)")
                #expect(theirs.valid == mine.valid && theirs.error == mine.error, "\(mine.id)")
            } else {
                #expect(theirs == mine, "\(mine.id)")
            }
        }
    }

    @Test("--endpoint needs --served-model and excludes --model")
    func optionChecks() throws {
        let noName = try ReckonProcess.run(["score", "--endpoint", "http://127.0.0.1:9/v1"])
        #expect(noName.status != 0 && noName.stderr.contains("--endpoint needs --served-model"))
        let withModel = try ReckonProcess.run(["score", "--endpoint", "http://127.0.0.1:9/v1", "--served-model", "m",
                                               "--model", "models/tiny"])
        #expect(withModel.status != 0 && withModel.stderr.contains("--endpoint excludes --model"))
        let credentials = try ReckonProcess.run(["score", "--endpoint", "http://user:hunter2@127.0.0.1:9/v1",
                                                 "--served-model", "m"])
        #expect(credentials.status != 0 && credentials.stderr.contains("use --api-key-env"))
        #expect(!credentials.stderr.contains("hunter2"))
        let missingKey = try ReckonProcess.run(["score", "--endpoint", "http://127.0.0.1:9/v1", "--served-model", "m",
                                                "--api-key-env", "RECKON_TEST_UNSET_KEY_VARIABLE"])
        #expect(missingKey.status != 0 && missingKey.stderr.contains("RECKON_TEST_UNSET_KEY_VARIABLE"))
    }
}
