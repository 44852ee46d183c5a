import ArgumentParser
import Foundation
import JSONDocument
import Puzzles

struct DepthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "depth",
        abstract: "Shortcut depth of puzzles: JSONL objects with `prompt` in, one depth and solution per line out.",
        discussion: """
            The shortcut depth (docs/rules.md section 7) is the fewest candidates a solution really needs \
            when the others are collapsed to 0 (x/y=0, 0*z=0, then v+0=v or 0-v=-v): 0, 1 and 2 are shortcut \
            puzzles, 3 or more deep ones. Each output line is {"id": ..., "depth": k, "solution": "..."} in \
            input order ("id" only when the input has one; depth and solution null for an unsolvable \
            puzzle). A line's "response", when present and valid, spares the search for a full solution. \
            Puzzles of up to \(ShortcutDepth.maximumNumbers) numbers; a malformed line stops the run with \
            an error naming it.
            """
    )

    @OptionGroup var streams: StreamOptions

    /// Lines analysed together, spread over the cores; output stays in input order.
    private static let chunkSize = 256

    func run() throws {
        let source = try streams.openInput()
        let output = try streams.openOutput()
        var chunk: [DepthRecord] = []
        var analysed = 0
        var shortcuts = 0
        let started = Date()
        func flush() throws {
            let depths = try DepthRecord.analyse(chunk)
            var bytes: [UInt8] = []
            for (record, depth) in zip(chunk, depths) {
                bytes.append(contentsOf: record.output(depth).utf8)
                if depth?.isShortcut == true { shortcuts += 1 }
            }
            analysed += chunk.count
            chunk.removeAll(keepingCapacity: true)
            try output.write(bytes)
        }
        while let (lineNumber, line) = try source.nextLine() {
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            chunk.append(try DepthRecord(line: line, lineNumber: lineNumber, source: source.name))
            if chunk.count == Self.chunkSize { try flush() }
        }
        try flush()
        try output.finish()
        let seconds = Date().timeIntervalSince(started)
        let share = analysed == 0 ? 0 : Double(shortcuts) / Double(analysed)
        printError("analysed \(analysed) puzzles in \(String(format: "%.1f", seconds)) s: \(shortcuts) of shortcut "
            + "depth (0-\(ShortcutDepth.deepestShortcut), \(String(format: "%.3f", share)))")
    }
}

/// One input line of `depth`.
struct DepthRecord: Sendable {
    var id: String?
    var puzzle: Puzzle
    var response: String?
    var location: String

    init(line: ArraySlice<UInt8>, lineNumber: Int, source: String) throws {
        let fields = try JSONLine.object(line, lineNumber: lineNumber, source: source)
        let prompt = try JSONLine.requiredString("prompt", of: fields, lineNumber: lineNumber, source: source)
        puzzle = try JSONLine.puzzle(prompt: prompt, lineNumber: lineNumber, source: source)
        guard puzzle.numbers.count <= ShortcutDepth.maximumNumbers else {
            throw CommandError("\(source):\(lineNumber): shortcut depth is computed for puzzles of at most "
                + "\(ShortcutDepth.maximumNumbers) numbers, this one has \(puzzle.numbers.count)")
        }
        id = fields["id"]?.stringValue
        response = fields["response"]?.stringValue
        location = "\(source):\(lineNumber)"
    }

    /// The depths of the records, computed on every core.
    static func analyse(_ records: [DepthRecord]) throws -> [ShortcutDepth?] {
        let results = ShortcutDepth.analyse(records.map(\.puzzle), knownSolutions: records.map(\.response))
        return try zip(records, results).map { record, result in
            do {
                return try result.get()
            } catch {
                throw CommandError("\(record.location): \(error)")
            }
        }
    }

    func output(_ depth: ShortcutDepth?) -> String {
        var line = "{"
        if let id { line += "\"id\":\(JSONText.quoted(id))," }
        if let depth {
            line += "\"depth\":\(depth.depth),\"solution\":\(JSONText.quoted(depth.solution.responseText))"
        } else {
            line += "\"depth\":null,\"solution\":null"
        }
        return line + "}\n"
    }
}
