import Foundation
import Testing
import Tokenization

/// The incremental detokenizer hands out the bytes of `Tokenizer.decode` as they become certain.
@Suite("IncrementalDetokenizer")
struct IncrementalDetokenizerTests {
    static let tokenizers: [(String, Tokenizer.Kind)] = [
        ("tokenizer", .sentencePiece), ("tokenizer", .tokenizerJSON), ("tokenizer-v5", .tokenizerJSON),
    ]

    private func tokenizer(_ fixture: String, _ kind: Tokenizer.Kind) throws -> Tokenizer {
        try Tokenizer.load(directory: FixturePaths.directory(fixture), kind: kind)
    }

    /// Feeds `ids` one by one; returns the bytes handed out after each.
    private func feed(_ ids: [Int], _ tokenizer: Tokenizer) -> [[UInt8]] {
        var detokenizer = IncrementalDetokenizer(tokenizer: tokenizer)
        return ids.map { detokenizer.append($0) }
    }

    @Test("puzzle text: the handed-out bytes are the decoded text, token by token",
          arguments: [0, 1, 2])
    func puzzleText(tokenizerIndex: Int) throws {
        let (fixture, kind) = Self.tokenizers[tokenizerIndex]
        let tokenizer = try tokenizer(fixture, kind)
        // Each ends in an id with text of its own; a trailing byte id would still be waiting.
        for text in ["58-51=7, 6-7=-1, 3*-1=-3, -3+7=4", " 12 + 3=15 ,\n4", "5\u{2212}1=4, é,\n7", "  1+2=3\r\n8"] {
            let ids = tokenizer.encode(text, addSpecialTokens: false)
            let chunks = feed(ids, tokenizer)
            #expect(chunks.joined().elementsEqual(tokenizer.decode(ids).utf8), "\(fixture) \(kind) \(text.debugDescription)")
        }
    }

    @Test("byte-fallback ids wait for the next other id; a malformed run is handed out as decode gives it",
          arguments: [0, 1, 2])
    func byteFallback(tokenizerIndex: Int) throws {
        let (fixture, kind) = Self.tokenizers[tokenizerIndex]
        let tokenizer = try tokenizer(fixture, kind)
        let newline = try #require(tokenizer.tokenID(of: "<0x0A>"))
        let lead = try #require(tokenizer.tokenID(of: "<0xE2>"))
        let five = tokenizer.encode("5", addSpecialTokens: false)
        #expect(tokenizer.isByteFallbackToken(newline) && tokenizer.isByteFallbackToken(lead))
        #expect(!tokenizer.isByteFallbackToken(five.last!))
        // A newline byte alone: nothing until the next id says whether the run goes on.
        let ids = five + [newline] + five
        let chunks = feed(ids, tokenizer)
        #expect(chunks[five.count].isEmpty)
        #expect(chunks.joined().elementsEqual(tokenizer.decode(ids).utf8))
        // A newline followed by a stray lead byte: tokenizers' ByteFallback turns the whole run into
        // U+FFFD (no newline in the text), sentencepiece keeps the newline; either way the handed-out
        // bytes are what decode gives.
        let malformed = five + [newline, lead] + five
        #expect(feed(malformed, tokenizer).joined().elementsEqual(tokenizer.decode(malformed).utf8), "\(kind)")
    }

    @Test("random id sequences: the handed-out bytes are a prefix of decode, all of it after an id with text",
          arguments: [0, 1, 2])
    func randomSequences(tokenizerIndex: Int) throws {
        let (fixture, kind) = Self.tokenizers[tokenizerIndex]
        let tokenizer = try tokenizer(fixture, kind)
        var state: UInt64 = 12_345
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        // Mostly puzzle-like ids (digits, operators, spaces), some byte ids and anything else.
        let puzzleIDs = Array(Set(tokenizer.encode("0123456789 -+*/=, -1, 23", addSpecialTokens: false)))
        let byteIDs = (0..<256).compactMap { tokenizer.tokenID(of: String(format: "<0x%02X>", $0)) }
        for _ in 0..<2_000 {
            let ids: [Int] = (0..<(1 + next(24))).map { _ in
                switch next(10) {
                case 0..<6: puzzleIDs[next(puzzleIDs.count)]
                case 6..<8: byteIDs[next(byteIDs.count)]
                default: next(tokenizer.vocabularySize)
                }
            }
            var detokenizer = IncrementalDetokenizer(tokenizer: tokenizer)
            var handedOut: [UInt8] = []
            for (index, id) in ids.enumerated() {
                handedOut += detokenizer.append(id)
                let decoded = Array(tokenizer.decode(Array(ids[...index])).utf8)
                if tokenizer.isByteFallbackToken(id) || tokenizer.decode([id]).isEmpty {
                    #expect(decoded.starts(with: handedOut), "\(fixture) \(kind) \(ids)")
                } else {
                    #expect(handedOut == decoded, "\(fixture) \(kind) \(ids)")
                }
            }
        }
    }
}
