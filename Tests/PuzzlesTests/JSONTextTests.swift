import Puzzles
import Testing

/// The quoter behind every JSON line Reckon writes (puzzle records, item records, depth tables, the
/// endpoint backend's compact JSON): bytes pinned so that committed files never change.
@Suite("JSONText")
struct JSONTextTests {
    @Test("escapes quotes, backslashes and control characters; writes everything else as is")
    func escapes() {
        #expect(JSONText.quoted(#"say "hi" \ bye"#) == #""say \"hi\" \\ bye""#)
        #expect(JSONText.quoted("a\nb\rc\td") == #""a\nb\rc\td""#)
        #expect(JSONText.quoted("\u{0}\u{1}\u{8}\u{c}\u{1b}\u{1f}") == #""\u0000\u0001\u0008\u000c\u001b\u001f""#)
        // DEL, U+2028 and non-ASCII are not escaped; a written-out "\u0041" is text, its backslash escaped.
        #expect(JSONText.quoted("\u{7f}\u{2028}é日本👩‍👧") == "\"\u{7f}\u{2028}é日本👩‍👧\"")
        #expect(JSONText.quoted(#"\u0041"#) == #""\\u0041""#)
        #expect(JSONText.quoted("") == #""""#)
    }

    @Test("appends the same bytes as it returns")
    func appendMatchesQuoted() {
        var bytes = Array("x:".utf8)
        JSONText.appendQuoted("1\n\"2\"", to: &bytes)
        #expect(bytes == Array("x:".utf8) + Array(JSONText.quoted("1\n\"2\"").utf8))
    }
}
