/// A string that compares and hashes by its UTF-8 bytes.
///
/// Swift's `String ==` is canonical equivalence, so "e\u{301}" == "é" and a `[String: Int]`
/// vocabulary would find the precomposed piece for a decomposed character. sentencepiece and
/// tokenizers compare bytes; every vocabulary table here is keyed by this type instead.
struct ExactString: Hashable, Sendable, CustomStringConvertible {
    let string: String

    init(_ string: String) {
        self.string = string
    }

    static func == (lhs: ExactString, rhs: ExactString) -> Bool {
        lhs.string.utf8.elementsEqual(rhs.string.utf8)
    }

    func hash(into hasher: inout Hasher) {
        for byte in string.utf8 { hasher.combine(byte) }
    }

    var description: String { string }
}

extension String {
    /// A string built from Unicode scalars through a UTF-8 buffer. (Growing a
    /// `String.UnicodeScalarView` with `append(contentsOf:)` copied the whole string each time,
    /// which made long inputs quadratic.)
    init(scalars: some Sequence<Unicode.Scalar>) {
        var utf8: [UInt8] = []
        utf8.reserveCapacity(scalars.underestimatedCount)
        for scalar in scalars { UTF8.encode(scalar) { utf8.append($0) } }
        self = String(decoding: utf8, as: UTF8.self)
    }

    /// Byte-for-byte equality (Python's `==` on str compares code points, which is the same thing).
    func isIdentical(to other: String) -> Bool {
        utf8.elementsEqual(other.utf8)
    }
}
