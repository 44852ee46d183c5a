import Foundation
import Hashing
import Testing

@Suite("SHA-256 through libcrypto")
struct SHA256Tests {
    private func hex(_ digest: [UInt8]) -> String {
        digest.map { String(format: "%02x", $0) }.joined()
    }

    @Test("FIPS 180-2 test vectors, in one call")
    func vectors() {
        #expect(hex(SHA256.hash(data: [UInt8]())) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(hex(SHA256.hash(data: Array("abc".utf8))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(hex(SHA256.hash(data: Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test("streamed in uneven chunks of Data and arrays: the same digest as one call")
    func streamed() {
        let bytes = (0..<1_000_003).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        var hasher = SHA256()
        var offset = 0
        var chunk = 1
        while offset < bytes.count {
            let end = min(bytes.count, offset + chunk)
            if chunk % 2 == 0 { hasher.update(data: Data(bytes[offset..<end])) } else { hasher.update(data: Array(bytes[offset..<end])) }
            offset = end
            chunk = chunk * 3 + 1
        }
        #expect(hasher.finalize() == SHA256.hash(data: bytes))
        // One million 'a's, the FIPS long vector.
        #expect(hex(SHA256.hash(data: [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }
}
