@testable import Evaluation
import Testing

@Suite("Progress reporter")
struct ProgressReporterTests {
    @Test("a line shows done/total, tokens per second and the time left at this session's rate")
    func line() {
        let text = ProgressReporter.line(done: 250, total: 1000, sessionDone: 200, generatedTokens: 5000,
                                         elapsed: .seconds(50))
        #expect(text == "250/1000 puzzles (25.0%), 100.0 tokens/s, ETA 3m08s")
        #expect(ProgressReporter.line(done: 1000, total: 1000, sessionDone: 1000, generatedTokens: 10, elapsed: .seconds(4))
            == "1000/1000 puzzles (100.0%), 2.5 tokens/s")
        #expect(ProgressReporter.duration(7_384) == "2h03m")
        #expect(ProgressReporter.duration(59.4) == "59s")
    }

    @Test("off a terminal: the first update and the last are plain lines, the ones between are held back")
    func plainLines() {
        var written: [String] = []
        let progress = ProgressReporter(isTerminal: false, interval: .seconds(3600)) { written.append($0) }
        progress.start(alreadyDone: 3, total: 10)
        for done in 4...10 { progress.update(done: done, total: 10, generatedTokens: done) }
        #expect(written.count == 3)
        #expect(written[0] == "resuming: 3 of 10 puzzles already finished\n")
        #expect(written[1].hasPrefix("4/10 puzzles (40.0%)"))
        #expect(written[2].hasPrefix("10/10 puzzles (100.0%)"))
        #expect(written.allSatisfy { $0.hasSuffix("\n") && !$0.contains("\r") })
    }

    @Test("on a terminal the line is rewritten in place and ended at the finish")
    func terminal() {
        var written: [String] = []
        let progress = ProgressReporter(isTerminal: true) { written.append($0) }
        progress.start(alreadyDone: 0, total: 2)
        progress.update(done: 1, total: 2, generatedTokens: 1)
        progress.finish()
        #expect(written.count == 2)
        #expect(written[0].hasPrefix("\r\u{1B}[K1/2 puzzles (50.0%)"))
        #expect(written[1] == "\n")
    }
}
