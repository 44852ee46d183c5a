import Foundation

/// Builds `.safetensors` bytes, including deliberately broken ones.
struct SafeTensorsWriter {
    struct Entry {
        var name: String
        var dtype: String
        var shape: [Int]
        var bytes: [UInt8]
        /// Overrides the computed `data_offsets`.
        var offsets: (Int, Int)?
    }

    var entries: [Entry] = []

    mutating func add(_ name: String, dtype: String = "F32", shape: [Int], bytes: [UInt8], offsets: (Int, Int)? = nil) {
        entries.append(Entry(name: name, dtype: dtype, shape: shape, bytes: bytes, offsets: offsets))
    }

    mutating func add(_ name: String, shape: [Int], values: [Float]) {
        add(name, shape: shape, bytes: Self.littleEndianBytes(values))
    }

    /// The JSON header as the writer would produce it.
    func header() -> String {
        var members = [#""__metadata__":{"format":"pt"}"#]
        var position = 0
        for entry in entries {
            let offsets = entry.offsets ?? (position, position + entry.bytes.count)
            position += entry.bytes.count
            let shape = entry.shape.map(String.init).joined(separator: ",")
            members.append(#""\#(entry.name)":{"dtype":"\#(entry.dtype)","shape":[\#(shape)],"data_offsets":[\#(offsets.0),\#(offsets.1)]}"#)
        }
        return "{" + members.joined(separator: ",") + "}"
    }

    /// The file: length, header (padded with spaces to a multiple of 8), data.
    func bytes(header override: String? = nil, declaredHeaderLength: UInt64? = nil) -> [UInt8] {
        var headerBytes = Array((override ?? header()).utf8)
        while headerBytes.count % 8 != 0 { headerBytes.append(0x20) }
        let length = declaredHeaderLength ?? UInt64(headerBytes.count)
        var result = (0..<8).map { UInt8(truncatingIfNeeded: length >> (8 * $0)) }
        result += headerBytes
        for entry in entries { result += entry.bytes }
        return result
    }

    static func littleEndianBytes(_ values: [Float]) -> [UInt8] {
        values.flatMap { value in (0..<4).map { UInt8(truncatingIfNeeded: value.bitPattern >> (8 * $0)) } }
    }

    static func littleEndianBytes(_ values: [UInt16]) -> [UInt8] {
        values.flatMap { [UInt8(truncatingIfNeeded: $0), UInt8(truncatingIfNeeded: $0 >> 8)] }
    }
}
