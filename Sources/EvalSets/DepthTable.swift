package import Foundation
import Puzzles

/// The shortcut depth of every committed puzzle (`docs/rules.md` section 7), computed once and kept
/// beside the test sets: `depth.jsonl` (one `{"id", "depth", "solution"}` line per puzzle, the sets in
/// manifest order: the output of `reckon depth` over the set files) and `depth.json` (its SHA-256 and,
/// per set, the SHA-256 of the set file it describes and its counts per depth).
///
/// The set files stay as the paper's procedure makes them; `eval-sets check` recomputes this table.
package struct DepthTable: Sendable {
    package static let indexName = "depth.json"
    package static let fileName = "depth.jsonl"
    /// Changes whenever the definition or the choice of solution changes the bytes written.
    static let currentVersion = "reckon-depth/1"

    package struct Entry: Codable, Equatable, Sendable {
        package var id: String
        /// nil for a puzzle without a solution (never a generated one).
        package var depth: Int?
        package var solution: String?
    }

    package struct Index: Codable, Equatable, Sendable {
        package var version: String
        package var file: String
        package var sha256: String
        package var sets: [SetSummary]
    }

    package struct SetSummary: Codable, Equatable, Sendable {
        package var name: String
        /// SHA-256 of the set file the depths were computed from.
        var setSHA256: String
        package var puzzles: Int
        /// Puzzles of depth 0, 1 and 2.
        package var shortcut: Int
        /// Puzzles per depth, keyed "0", "1", ... (depth N included).
        package var byDepth: [String: Int]

        enum CodingKeys: String, CodingKey {
            case name, puzzles, shortcut
            case setSHA256 = "set_sha256"
            case byDepth = "by_depth"
        }
    }

    package var index: Index
    /// By item id.
    package var entries: [String: Entry]

    /// The table of the given sets' items (each with the SHA-256 of its file).
    package static func compute(sets: [(name: String, sha256: String, items: [EvalItem])]) throws(EvalSetError)
        -> (table: DepthTable, fileBytes: [UInt8]) {
        var bytes: [UInt8] = []
        var summaries: [SetSummary] = []
        var entries: [String: Entry] = [:]
        for set in sets {
            let results = ShortcutDepth.analyse(set.items.map(\.puzzle), knownSolutions: set.items.map(\.response))
            var byDepth: [String: Int] = [:]
            var shortcut = 0
            for (item, result) in zip(set.items, results) {
                let depth: ShortcutDepth?
                do {
                    depth = try result.get()
                } catch {
                    throw .generation("\(set.name): item \(item.id): \(error)")
                }
                let entry = Entry(id: item.id, depth: depth?.depth, solution: depth?.solution.responseText)
                entries[item.id] = entry
                bytes += entry.jsonLine
                if let depth {
                    byDepth[String(depth.depth), default: 0] += 1
                    if depth.isShortcut { shortcut += 1 }
                }
            }
            summaries.append(SetSummary(name: set.name, setSHA256: set.sha256, puzzles: set.items.count,
                                        shortcut: shortcut, byDepth: byDepth))
        }
        let index = Index(version: currentVersion, file: fileName, sha256: EvalSetManifest.sha256(bytes), sets: summaries)
        return (DepthTable(index: index, entries: entries), bytes)
    }

    /// Reads `depth.json` and `depth.jsonl` from the directory, checking the file's SHA-256.
    package static func read(from directory: URL) throws(EvalSetError) -> DepthTable {
        let indexURL = directory.appendingPathComponent(indexName)
        guard let indexData = FileManager.default.contents(atPath: indexURL.path) else {
            throw .unreadable(path: indexURL.path, reason: "no such file or not readable "
                + "(write it with `reckon eval-sets write`)")
        }
        let index: Index
        do {
            index = try JSONDecoder().decode(Index.self, from: indexData)
        } catch {
            throw .malformedManifest(path: indexURL.path, reason: "not a valid depth index: \(error)")
        }
        guard index.version == currentVersion else {
            throw .malformedManifest(path: indexURL.path, reason: "version is \(index.version), this reckon reads "
                + "\(currentVersion); rewrite it with `reckon eval-sets write`")
        }
        let url = directory.appendingPathComponent(index.file)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw .unreadable(path: url.path, reason: "no such file or not readable")
        }
        let bytes = [UInt8](data)
        let actual = EvalSetManifest.sha256(bytes)
        guard actual == index.sha256 else {
            throw .malformedManifest(path: url.path, reason: "SHA-256 \(actual) differs from \(indexName)'s \(index.sha256)")
        }
        var entries: [String: Entry] = [:]
        let decoder = JSONDecoder()
        for (offset, line) in bytes.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated()
        where !line.isEmpty {
            do {
                let entry = try decoder.decode(Entry.self, from: Data(line))
                entries[entry.id] = entry
            } catch {
                throw .malformedLine(path: url.path, line: offset + 1, reason: "not a depth entry: \(error)")
            }
        }
        return DepthTable(index: index, entries: entries)
    }

    /// Whether the table describes this exact set file.
    package func describes(set name: String, sha256: String) -> Bool {
        index.sets.contains { $0.name == name && $0.setSHA256 == sha256 }
    }

    func encodedIndex() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            return [UInt8](try encoder.encode(index)) + [0x0A]
        } catch {
            preconditionFailure("the depth index holds only strings and integers: \(error)")
        }
    }
}

extension DepthTable.Entry {
    /// The line `reckon depth` writes: `{"id":…,"depth":k,"solution":"…"}`.
    var jsonLine: [UInt8] {
        var bytes = Array("{\"id\":".utf8)
        JSONText.appendQuoted(id, to: &bytes)
        if let depth, let solution {
            bytes += Array(",\"depth\":\(depth),\"solution\":".utf8)
            JSONText.appendQuoted(solution, to: &bytes)
        } else {
            bytes += Array(",\"depth\":null,\"solution\":null".utf8)
        }
        bytes += Array("}\n".utf8)
        return bytes
    }
}
