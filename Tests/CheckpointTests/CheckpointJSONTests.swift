import Foundation
import JSONDocument
import Testing
@testable import Checkpoint

/// How Checkpoint reads JSON through JSONDocument (the grammar itself is tested in JSONDocumentTests).
@Suite("Checkpoint JSON")
struct CheckpointJSONTests {
    private func failure(_ text: String) -> String? {
        let error = #expect(throws: CheckpointError.self) { try JSONValue.parse(Data(text.utf8), file: "x.json") }
        guard case let .malformedFile("x.json", reason)? = error else {
            Issue.record("expected malformedFile for x.json, got \(String(describing: error))")
            return nil
        }
        return reason
    }

    @Test("a syntax error names the file, the reason and the byte offset")
    func syntaxErrorMessage() {
        #expect(failure(#"{"a": 01}"#) == "invalid JSON: leading zero in a number at byte 8")
        #expect(failure("\u{FEFF}{}") == "invalid JSON: invalid value at byte 0")
    }

    @Test("refuses duplicate keys, canonically equivalent ones included")
    func refusesDuplicateKeys() {
        #expect(failure(#"{"a": 1, "a": 2}"#) == "invalid JSON: duplicate key \"a\" at byte 15")
        #expect(failure("{\"é\": 1, \"e\u{301}\": 2}")?.contains("duplicate key") == true)
    }

    @Test("refuses nesting deeper than 256 levels")
    func depthLimit() throws {
        #expect(failure(String(repeating: "[", count: 257) + String(repeating: "]", count: 257))
            == "invalid JSON: nested deeper than 256 levels at byte 256")
        let deepest = String(repeating: "[", count: 256) + String(repeating: "]", count: 256)
        #expect(try JSONValue.parse(Data(deepest.utf8), file: "x.json").arrayValue?.count == 1)
    }

    @Test("an unreadable file is reported by name")
    func unreadableFile() {
        let error = #expect(throws: CheckpointError.self) {
            try JSONValue.read(URL(fileURLWithPath: "/nonexistent-reckon-dir/config.json"))
        }
        guard case .unreadableFile("config.json", _)? = error else {
            Issue.record("expected unreadableFile, got \(String(describing: error))")
            return
        }
    }

    @Test("a safetensors header with a duplicate tensor name is refused")
    func duplicateSafeTensorsKey() throws {
        var writer = SafeTensorsWriter()
        writer.add("a", shape: [1], values: [1])
        let header = #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#
        let directory = try TestDirectory()
        let file = try MappedFile(url: try directory.write("model.safetensors", writer.bytes(header: header)))
        let error = #expect(throws: CheckpointError.self) { try SafeTensorsFile.read(file) }
        guard case let .malformedFile("model.safetensors", reason)? = error else {
            Issue.record("expected malformedFile, got \(String(describing: error))")
            return
        }
        #expect(reason.contains("duplicate key \"a\""))
    }
}
