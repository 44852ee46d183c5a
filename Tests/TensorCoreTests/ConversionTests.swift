import Testing
import TensorCore

/// Little-endian bytes of `values`, preceded by `padding` junk bytes so the payload can start at
/// an odd address.
private func littleEndianBytes(_ values: [UInt16], padding: Int) -> [UInt8] {
    var bytes = [UInt8](repeating: 0xA5, count: padding)
    for value in values {
        bytes.append(UInt8(truncatingIfNeeded: value))
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
    }
    return bytes
}

private func convert(_ bytes: [UInt8], skipping padding: Int, as format: StorageFormat) -> FloatBuffer {
    bytes.withUnsafeBytes { raw in
        FloatBuffer(converting: UnsafeRawBufferPointer(rebasing: raw[padding...]), from: format)
    }
}

/// bfloat16 decoded arithmetically (independent of the bit-shift implementation).
private func bfloat16Reference(_ bits: UInt16) -> Double {
    let sign: Double = bits & 0x8000 != 0 ? -1 : 1
    let exponent = Int((bits >> 7) & 0xFF)
    let mantissa = Double(bits & 0x7F)
    if exponent == 0 { return sign * mantissa / 128 * Double.pow2(-126) }
    if exponent == 0xFF { return mantissa == 0 ? sign * .infinity : .nan }
    return sign * (1 + mantissa / 128) * Double.pow2(exponent - 127)
}

extension Double {
    fileprivate static func pow2(_ exponent: Int) -> Double {
        Double(sign: .plus, exponent: exponent, significand: 1)
    }
}

@Suite("16-bit and Float32 conversion")
struct ConversionTests {
    @Test("every fp16 bit pattern converts exactly, at aligned and unaligned offsets", arguments: [0, 1])
    func allFloat16Patterns(padding: Int) {
        let patterns = (0...UInt16.max).map { $0 }
        let converted = convert(littleEndianBytes(patterns, padding: padding), skipping: padding, as: .float16)
        #expect(converted.count == 65536)
        var mismatches: [String] = []
        for pattern in patterns {
            let expected = Float(Float16(bitPattern: pattern))
            let actual = converted[Int(pattern)]
            if expected.isNaN {
                // NaN: sign and payload are preserved (payload in the top mantissa bits).
                let payload = UInt32(pattern & 0x03FF) << 13
                let good = actual.isNaN && actual.sign == expected.sign
                    && actual.bitPattern & 0x007F_FFFF == payload
                if !good { mismatches.append("0x\(String(pattern, radix: 16)) -> \(actual.bitPattern)") }
            } else if actual.bitPattern != expected.bitPattern {
                mismatches.append("0x\(String(pattern, radix: 16)): \(actual) != \(expected)")
            }
        }
        let mismatchCount = mismatches.count
        #expect(mismatchCount == 0, "first mismatches: \(mismatches.prefix(10))")
    }

    @Test("fp16 landmarks: subnormals, infinities, signed zeros, extremes")
    func float16Landmarks() {
        let patterns: [UInt16] = [
            0x0000, 0x8000, 0x0001, 0x8001, 0x03FF, 0x0400, 0x3C00, 0xC000, 0x7BFF, 0x7C00, 0xFC00,
        ]
        let converted = convert(littleEndianBytes(patterns, padding: 0), skipping: 0, as: .float16)
        let expected: [Float] = [
            0, -0.0, 0x1p-24, -0x1p-24, 1023 * 0x1p-24, 0x1p-14, 1, -2, 65504, .infinity, -.infinity,
        ]
        #expect(converted.map(\.bitPattern) == expected.map(\.bitPattern))
    }

    @Test("every bf16 bit pattern matches its arithmetic value, at an unaligned offset")
    func allBFloat16Patterns() {
        let patterns = (0...UInt16.max).map { $0 }
        let converted = convert(littleEndianBytes(patterns, padding: 3), skipping: 3, as: .bfloat16)
        var mismatches: [String] = []
        for pattern in patterns {
            let reference = bfloat16Reference(pattern)
            let actual = converted[Int(pattern)]
            let good = reference.isNaN
                ? actual.isNaN && actual.bitPattern == UInt32(pattern) << 16
                : Double(actual) == reference && actual.sign == (pattern & 0x8000 != 0 ? .minus : .plus)
            if !good { mismatches.append("0x\(String(pattern, radix: 16)) -> \(actual)") }
        }
        let mismatchCount = mismatches.count
        #expect(mismatchCount == 0, "first mismatches: \(mismatches.prefix(10))")
    }

    @Test("bf16 samples decode to known values")
    func bfloat16Samples() {
        let patterns: [UInt16] = [0x3F80, 0xC000, 0x4049, 0x0001, 0x7F7F, 0x7F80, 0xFF80, 0x8000]
        let converted = convert(littleEndianBytes(patterns, padding: 0), skipping: 0, as: .bfloat16)
        let expected: [Float] = [1, -2, 3.140625, 0x1p-133, 0x1.FEp127, .infinity, -.infinity, -0.0]
        #expect(converted.map(\.bitPattern) == expected.map(\.bitPattern))
    }

    @Test("Float32 bytes are copied bit for bit from an unaligned offset")
    func float32Copy() {
        let values: [Float] = [1.5, -0.0, .nan, .infinity, 0x1p-149, -3.25e7]
        var bytes: [UInt8] = [0xEE]
        for value in values {
            withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
        }
        let converted = convert(bytes, skipping: 1, as: .float32)
        #expect(converted.map(\.bitPattern) == values.map(\.bitPattern))
    }

    @Test("store writes only the target range")
    func storeIntoRange() {
        let buffer = FloatBuffer(repeating: 9, count: 6)
        let bytes = littleEndianBytes([0x3C00, 0x4000], padding: 0)  // fp16 1, 2
        bytes.withUnsafeBytes { buffer.store(converting: $0, from: .float16, startingAt: 3) }
        #expect(Array(buffer) == [9, 9, 9, 1, 2, 9])
    }

    @Test("an empty source gives an empty buffer")
    func emptySource() {
        for format in StorageFormat.allCases {
            let converted = FloatBuffer(converting: UnsafeRawBufferPointer(start: nil, count: 0), from: format)
            #expect(converted.isEmpty)
        }
    }

    @Test("byte widths match the formats")
    func byteWidths() {
        #expect(StorageFormat.float32.byteWidth == 4)
        #expect(StorageFormat.float16.byteWidth == 2)
        #expect(StorageFormat.bfloat16.byteWidth == 2)
    }
}
