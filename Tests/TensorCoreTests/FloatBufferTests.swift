import Testing
import TensorCore

@Suite("FloatBuffer")
struct FloatBufferTests {
    @Test("a new buffer is zero-filled and has the requested count")
    func zeroFilled() {
        let buffer = FloatBuffer(count: 37)
        #expect(buffer.count == 37)
        #expect(buffer.allSatisfy { $0.bitPattern == 0 })
    }

    @Test("an empty buffer is valid")
    func empty() {
        let buffer = FloatBuffer(count: 0)
        #expect(buffer.isEmpty)
        #expect(Array(buffer) == [])
    }

    @Test("repeating fills every element")
    func repeating() {
        let buffer = FloatBuffer(repeating: -2.5, count: 5)
        #expect(Array(buffer) == [-2.5, -2.5, -2.5, -2.5, -2.5])
    }

    @Test("a large buffer (huge-page advice path) is zero-filled")
    func largeZeroFilled() {
        // One element per 4 KiB page is enough to see every page written (a full scan is slow in debug).
        let samples = Array(stride(from: 0, to: 3_000_001, by: 1024)) + [3_000_000]
        let zeros = FloatBuffer(count: 3_000_001)
        #expect(samples.allSatisfy { zeros[$0].bitPattern == 0 })
        let ones = FloatBuffer(repeating: 1, count: 3_000_001)
        #expect(samples.allSatisfy { ones[$0] == 1 })
    }

    @Test("the storage is 64-byte aligned")
    func alignment() {
        for count in [0, 1, 3, 16, 1000, 3_000_001] {
            let buffer = FloatBuffer(count: count)
            let address = buffer.withUnsafeBufferPointer { Int(bitPattern: $0.baseAddress) }
            #expect(address % 64 == 0, "count \(count)")
        }
    }

    @Test("subscript writes are visible through the buffer pointer and vice versa")
    func subscriptAndPointers() {
        let buffer = FloatBuffer([1, 2, 3])
        buffer[1] = 20
        let viaPointer = buffer.withUnsafeBufferPointer { Array($0) }
        #expect(viaPointer == [1, 20, 3])
        buffer.withUnsafeMutableBufferPointer { $0[2] = 30 }
        #expect(Array(buffer) == [1, 20, 30])
    }

    @Test("copy is deep and bit-identical")
    func copyIsDeep() {
        let original = FloatBuffer([1, -0.0, .nan, .infinity])
        let duplicate = original.copy()
        #expect(duplicate.hasSameBitPatterns(as: original))
        duplicate[0] = 7
        #expect(original[0] == 1)
        #expect(!duplicate.hasSameBitPatterns(as: original))
    }

    @Test("bit-pattern equality distinguishes signed zeros and counts")
    func bitPatternEquality() {
        #expect(!FloatBuffer([0.0]).hasSameBitPatterns(as: FloatBuffer([-0.0])))
        #expect(!FloatBuffer([1, 2]).hasSameBitPatterns(as: FloatBuffer([1, 2, 3])))
        #expect(FloatBuffer([.nan]).hasSameBitPatterns(as: FloatBuffer([.nan])))
    }
}
