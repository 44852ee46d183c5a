import Foundation
import Testing
@testable import Checkpoint

@Suite("JSONValue")
struct JSONValueTests {
    private func parse(_ text: String) throws(CheckpointError) -> JSONValue {
        try JSONValue.parse(Data(text.utf8), file: "x.json")
    }

    private func failure(_ text: String) -> String? {
        let error = #expect(throws: CheckpointError.self) { try parse(text) }
        guard case let .malformedFile("x.json", reason)? = error else { return nil }
        return reason
    }

    @Test("parses every JSON kind, escapes and surrogate pairs, ignoring surrounding whitespace")
    func parsesKinds() throws {
        let value = try parse(#" {"a": [1, -2.5e3, 0.125, true, false, null], "s": "q\"\\\/\n\t\u00e9\ud83d\ude00x", "o": {}} "#)
        #expect(value == .object([
            "a": .array([.number(1), .number(-2500), .number(0.125), .bool(true), .bool(false), .null]),
            "s": .string("q\"\\/\n\té😀x"),
            "o": .object([:]),
        ]))
        #expect(try parse(#""ünïcødé""#) == .string("ünïcødé"))
        #expect(try parse("123456789012").integer == 123_456_789_012)
    }

    @Test("refuses malformed documents, saying why", arguments: [
        (#"{"a": 1, "a": 2}"#, "duplicate key \"a\""),
        (#"{"a": 1} x"#, "unexpected content after the value"),
        (#"{"a": 01}"#, "leading zero"),
        (#"{"a": NaN}"#, "invalid value"),
        (#"{"a": "\ud800"}"#, "unpaired surrogate"),
        (#"{"a": "\u+123"}"#, #"invalid \u escape"#),
        (#"{"a": [1, 2}"#, "expected ',' or ']'"),
        (#"{"a" 1}"#, "expected ':'"),
        ("{\"a\": \"x\ny\"}", "control character"),
        (String(repeating: "[", count: 300) + String(repeating: "]", count: 300), "nested deeper than 256 levels"),
        (#"{"a": 1"#, "unexpected end in an object"),
    ])
    func refusesMalformed(text: String, reason: String) {
        let reported = failure(text)
        #expect(reported?.contains(reason) == true, "\(String(describing: reported))")
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
