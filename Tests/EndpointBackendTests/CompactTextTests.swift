@testable import EndpointBackend
import JSONDocument
import Testing

/// A server's JSON (a `/v1/models` entry, an error body) recorded compactly, keys in document order.
@Suite struct CompactTextTests {
    @Test func writesMembersInDocumentOrderWithoutSpacesAndStringsEscaped() throws {
        let body = #"{ "z": [1, 2.5, -3e2, true, null], "a": {"q\"k": "line\nbreak\u0001\\ é"} }"#
        let value = try JSONValue.parse(Array(body.utf8))
        #expect(value.compactText == #"{"z":[1,2.5,-300,true,null],"a":{"q\"k":"line\nbreak\u0001\\ é"}}"#)
    }
}
