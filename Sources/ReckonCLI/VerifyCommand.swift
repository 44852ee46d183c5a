import ArgumentParser
import Foundation
import JSONDocument
import Puzzles

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify completions: JSONL objects with `prompt` and `completion` in, one verdict per line out.",
        discussion: """
            Each output line is {"valid": true|false, "error": null|"format"|"operand"|"arithmetic"|\
            "overflow"|"incomplete"|"target"}, preceded by the input's "id" when it has one. A summary \
            goes to standard error. A malformed input line stops the run with an error naming it. \
            --field response verifies the reference answers that `reckon generate` writes instead.
            """
    )

    @OptionGroup var streams: StreamOptions

    @Option(help: ArgumentHelp(
        "The input field whose text is verified: a model's completion, or generate's reference answer (response).",
        valueName: "name"))
    var field: String = VerifyRecord.completionField

    func run() throws {
        let source = try streams.openInput()
        let output = try streams.openOutput()
        var summary = VerificationSummary()
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 20)
        while let (lineNumber, line) = try source.nextLine() {
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            let record = try VerifyRecord(line: line, lineNumber: lineNumber, source: source.name, field: field)
            let verdict = Verifier.verify(record.completion, for: record.puzzle)
            summary.add(verdict)
            buffer.append(contentsOf: record.output(verdict).utf8)
            if buffer.count >= 1 << 20 {
                try output.write(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        try output.write(buffer)
        try output.finish()
        printError(summary.report)
    }
}

/// One input line of `verify`.
struct VerifyRecord {
    var id: String?
    var puzzle: Puzzle
    var completion: String

    static let completionField = "completion"
    /// Where `reckon generate` and the eval sets put a puzzle's reference answer.
    static let referenceField = "response"

    init(line: ArraySlice<UInt8>, lineNumber: Int, source: String, field: String = Self.completionField) throws {
        let fields = try JSONLine.object(line, lineNumber: lineNumber, source: source)
        let prompt = try JSONLine.requiredString("prompt", of: fields, lineNumber: lineNumber, source: source)
        guard let completion = fields[field]?.stringValue else {
            var message = "\(source):\(lineNumber): missing string field \"\(field)\""
            // The likeliest cause: generate's output piped in, whose answer is a reference, not a model's.
            if field == Self.completionField, fields[Self.referenceField]?.stringValue != nil {
                message += "; verify checks a model's \"completion\", and this line holds a reference answer in "
                    + "\"response\" (as `reckon generate` writes): verify those with --field response"
            }
            throw CommandError(message)
        }
        puzzle = try JSONLine.puzzle(prompt: prompt, lineNumber: lineNumber, source: source)
        self.completion = completion
        id = fields["id"]?.stringValue
    }

    func output(_ verdict: Verdict) -> String {
        var line = "{"
        if let id { line += "\"id\":\(JSONText.quoted(id))," }
        line += "\"valid\":\(verdict.isValid),\"error\":"
        line += verdict.failure.map { "\"\($0.rawValue)\"" } ?? "null"
        return line + "}\n"
    }
}

/// Counts of valid completions and of each error code.
struct VerificationSummary {
    private(set) var total = 0
    private(set) var valid = 0
    private(set) var failures: [VerificationFailure: Int] = [:]

    mutating func add(_ verdict: Verdict) {
        total += 1
        if let failure = verdict.failure { failures[failure, default: 0] += 1 } else { valid += 1 }
    }

    var report: String {
        func share(_ count: Int) -> String {
            total == 0 ? "0.000" : String(format: "%.3f", Double(count) / Double(total))
        }
        var lines = ["verified \(total) completions: \(valid) valid (\(share(valid)))"]
        for failure in VerificationFailure.allCases {
            lines.append("  \(failure.rawValue): \(failures[failure, default: 0]) (\(share(failures[failure, default: 0])))")
        }
        return lines.joined(separator: "\n")
    }
}
