import Foundation
import JSONDocument

// Checkpoint files (config.json, safetensors headers, PEFT adapter configs) are parsed strictly:
// duplicate keys are refused (the safetensors format forbids them, and a config with two values
// for one key is ambiguous) and nesting is limited to 256 levels.
extension JSONValue {
    /// Parses `data` as one JSON document.
    static func parse(_ data: Data, file: String) throws(CheckpointError) -> JSONValue {
        do {
            return try parse([UInt8](data), options: JSONParseOptions(maximumDepth: 256, refusesDuplicateKeys: true))
        } catch {
            throw .malformedFile(file: file, reason: "invalid JSON: \(error.reason) at byte \(error.offset)")
        }
    }

    /// Reads and parses a JSON file.
    static func read(_ url: URL) throws(CheckpointError) -> JSONValue {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .unreadableFile(file: url.lastPathComponent, reason: "\(error)")
        }
        return try parse(data, file: url.lastPathComponent)
    }
}
