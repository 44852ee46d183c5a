import Foundation

/// Progress of a run on standard error: done/total, tokens/s and the time left. On a terminal one line
/// is rewritten in place (at most five times a second); otherwise (a log file, a batch job) a plain
/// line is written every `interval`, and a last one at the end.
package final class ProgressReporter {
    private let isTerminal: Bool
    private let interval: Duration
    private let write: (String) -> Void
    private let clock = ContinuousClock()
    private var started: ContinuousClock.Instant
    private var lastWritten: ContinuousClock.Instant?
    private var alreadyDone = 0
    private var lastLine = ""

    package init(isTerminal: Bool, interval: Duration = .seconds(30), write: @escaping (String) -> Void) {
        self.isTerminal = isTerminal
        self.interval = interval
        self.write = write
        started = clock.now
    }

    /// Called once the run knows how many puzzles were finished by earlier sessions.
    package func start(alreadyDone: Int, total: Int) {
        self.alreadyDone = alreadyDone
        started = clock.now
        if alreadyDone > 0 {
            emitLine("resuming: \(alreadyDone) of \(total) puzzles already finished")
        }
    }

    package func update(done: Int, total: Int, generatedTokens: Int) {
        let now = clock.now
        let minimumGap: Duration = isTerminal ? .milliseconds(200) : interval
        if done < total, let lastWritten, now - lastWritten < minimumGap { return }
        lastWritten = now
        let line = Self.line(done: done, total: total, sessionDone: done - alreadyDone,
                             generatedTokens: generatedTokens, elapsed: now - started)
        if isTerminal {
            write("\r\u{1B}[K" + line + (done == total ? "\n" : ""))
        } else {
            write(line + "\n")
        }
        lastLine = line
    }

    /// Ends an updating line (after an interruption) so the next message starts on its own line.
    package func finish() {
        if isTerminal, !lastLine.isEmpty { write("\n") }
        lastLine = ""
    }

    private func emitLine(_ text: String) {
        write(text + "\n")
    }

    static func line(done: Int, total: Int, sessionDone: Int, generatedTokens: Int, elapsed: Duration) -> String {
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let percent = total > 0 ? Double(done) / Double(total) * 100 : 100
        var text = "\(done)/\(total) puzzles (\(String(format: "%.1f", percent))%)"
        if seconds > 0 {
            text += ", \(String(format: "%.1f", Double(generatedTokens) / seconds)) tokens/s"
            if sessionDone > 0, done < total {
                let remaining = Double(total - done) * seconds / Double(sessionDone)
                text += ", ETA \(duration(remaining))"
            }
        }
        return text
    }

    static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        if whole >= 3600 { return "\(whole / 3600)h\(String(format: "%02d", whole % 3600 / 60))m" }
        if whole >= 60 { return "\(whole / 60)m\(String(format: "%02d", whole % 60))s" }
        return "\(whole)s"
    }
}
