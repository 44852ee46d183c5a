import Foundation
import JSONDocument
import Testing
@testable import Tokenization

/// How Tokenization reads JSON through JSONDocument (the grammar itself is tested in JSONDocumentTests).
@Suite("Tokenization JSON")
struct TokenizationJSONTests {
    private func parse(_ bytes: [UInt8]) throws(TokenizationError) -> JSONValue {
        try JSONValue.parse(Data(bytes), file: "t.json")
    }

    @Test("a syntax error names the file and the line and column")
    func syntaxErrorMessage() {
        let error = #expect(throws: TokenizationError.self) { try parse(Array("{\n  \"a\": [1,}".utf8)) }
        #expect(error == .invalidJSON(file: "t.json", reason: "invalid value at line 2, column 11"))
    }

    @Test("skips a UTF-8 byte order mark")
    func byteOrderMark() throws {
        #expect(try parse([0xEF, 0xBB, 0xBF] + Array("{\"a\": 1}".utf8))["a"] == .number(1))
    }

    @Test("keeps duplicate keys; a lookup finds the last, as serde's maps do")
    func duplicateKeys() throws {
        let value = try parse(Array("{\"k\": 1, \"é\": 2, \"e\u{301}\": 3, \"k\": 4}".utf8))
        #expect(value.members?.count == 4)
        #expect(value["k"] == .number(4))
        #expect(value["é"] == .number(2))
        #expect(value["e\u{301}"] == .number(3))
    }

    @Test("allows nesting up to 512 levels")
    func depthLimit() throws {
        let deepest = Array((String(repeating: "[", count: 512) + String(repeating: "]", count: 512)).utf8)
        #expect(try parse(deepest).arrayValue?.count == 1)
        let tooDeep = Array((String(repeating: "[", count: 513) + String(repeating: "]", count: 513)).utf8)
        let error = #expect(throws: TokenizationError.self) { try parse(tooDeep) }
        #expect(error == .invalidJSON(file: "t.json", reason: "nested deeper than 512 levels at line 1, column 513"))
    }
}
