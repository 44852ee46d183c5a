/// Builds `torch.save`-shaped ZIP archives with a hand-written protocol-2 pickle, so tests can
/// make both valid state dicts and hostile ones without Python.
struct TorchFileWriter {
    struct Tensor {
        var name: String
        var storageType = "FloatStorage"
        var storageKey: String
        var storageElements: Int
        var offset = 0
        var shape: [Int]
        var strides: [Int]
    }

    var tensors: [Tensor] = []
    /// Raw bytes for each storage key.
    var storages: [String: [UInt8]] = [:]
    /// A global emitted (and called with an empty tuple) before the state dict, for hostile pickles.
    var injectedGlobal: (module: String, name: String)?

    func pickle() -> [UInt8] {
        var out: [UInt8] = [0x80, 2]
        func global(_ module: String, _ name: String) { out += [0x63] + Array("\(module)\n\(name)\n".utf8) }
        func string(_ text: String) {
            let bytes = Array(text.utf8)
            out += [0x58] + (0..<4).map { UInt8(truncatingIfNeeded: bytes.count >> (8 * $0)) } + bytes
        }
        func int(_ value: Int) { out += [0x4A] + (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
        func tuple(_ values: [Int]) {
            out.append(0x28)
            values.forEach(int)
            out.append(0x74)
        }
        if let injectedGlobal {
            global(injectedGlobal.module, injectedGlobal.name)
            string("echo hi")
            out += [0x85, 0x52, 0x30]  // TUPLE1, REDUCE, POP
        }
        global("collections", "OrderedDict")
        out += [0x29, 0x52, 0x28]  // EMPTY_TUPLE, REDUCE, MARK
        for tensor in tensors {
            string(tensor.name)
            global("torch._utils", "_rebuild_tensor_v2")
            out.append(0x28)  // MARK (arguments)
            out.append(0x28)  // MARK (persistent id)
            string("storage")
            global("torch", tensor.storageType)
            string(tensor.storageKey)
            string("cpu")
            int(tensor.storageElements)
            out += [0x74, 0x51]  // TUPLE, BINPERSID
            int(tensor.offset)
            tuple(tensor.shape)
            tuple(tensor.strides)
            out.append(0x89)  // NEWFALSE
            global("collections", "OrderedDict")
            out += [0x29, 0x52]  // EMPTY_TUPLE, REDUCE
            out += [0x74, 0x52]  // TUPLE, REDUCE
        }
        out += [0x75, 0x2E]  // SETITEMS, STOP
        return out
    }

    /// The archive, entries under `archive/`; `zip64` writes the records torch (miniz) uses for files over 4 GiB.
    func bytes(zip64: Bool = false) -> [UInt8] {
        var entries: [(String, [UInt8])] = [("archive/data.pkl", pickle()), ("archive/byteorder", Array("little".utf8))]
        for key in storages.keys.sorted() { entries.append(("archive/data/\(key)", storages[key] ?? [])) }
        entries.append(("archive/version", Array("3\n".utf8)))
        return ZipWriter.stored(entries, zip64: zip64)
    }
}

/// A minimal ZIP writer: stored entries, data aligned to 64 bytes as torch does, no CRC (the reader ignores it).
/// With `zip64`, every size and offset in the central directory and the end record is saturated and the real
/// values go in ZIP64 extra fields, a ZIP64 end record and its locator, as in archives over 4 GiB.
enum ZipWriter {
    static func stored(_ entries: [(name: String, data: [UInt8])], zip64: Bool = false) -> [UInt8] {
        func le(_ value: Int, _ width: Int) -> [UInt8] { (0..<width).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
        let saturated32 = 0xFFFF_FFFF
        var out: [UInt8] = []
        var central: [UInt8] = []
        for (name, data) in entries {
            let nameBytes = Array(name.utf8)
            let offset = out.count
            let unpadded = offset + 30 + nameBytes.count + 4
            let padding = (64 - unpadded % 64) % 64
            let extra = le(0x1234, 2) + le(padding, 2) + [UInt8](repeating: 0, count: padding)
            out += le(0x0403_4b50, 4) + le(20, 2) + le(0, 2) + le(0, 2) + le(0, 4) + le(0, 4)
            out += le(data.count, 4) + le(data.count, 4) + le(nameBytes.count, 2) + le(extra.count, 2) + nameBytes + extra + data
            let centralExtra = zip64 ? le(1, 2) + le(24, 2) + le(data.count, 8) + le(data.count, 8) + le(offset, 8) : []
            central += le(0x0201_4b50, 4) + le(45, 2) + le(45, 2) + le(0, 2) + le(0, 2) + le(0, 4) + le(0, 4)
            central += zip64 ? le(saturated32, 4) + le(saturated32, 4) : le(data.count, 4) + le(data.count, 4)
            central += le(nameBytes.count, 2) + le(centralExtra.count, 2) + le(0, 2)
            central += le(0, 2) + le(0, 2) + le(0, 4) + le(zip64 ? saturated32 : offset, 4) + nameBytes + centralExtra
        }
        let directoryOffset = out.count
        out += central
        if zip64 {
            let recordOffset = out.count
            out += le(0x0606_4b50, 4) + le(44, 8) + le(45, 2) + le(45, 2) + le(0, 4) + le(0, 4)
            out += le(entries.count, 8) + le(entries.count, 8) + le(central.count, 8) + le(directoryOffset, 8)
            out += le(0x0706_4b50, 4) + le(0, 4) + le(recordOffset, 8) + le(1, 4)
            out += le(0x0605_4b50, 4) + le(0, 2) + le(0, 2) + le(0xFFFF, 2) + le(0xFFFF, 2)
            out += le(saturated32, 4) + le(saturated32, 4) + le(0, 2)
        } else {
            out += le(0x0605_4b50, 4) + le(0, 2) + le(0, 2) + le(entries.count, 2) + le(entries.count, 2)
            out += le(central.count, 4) + le(directoryOffset, 4) + le(0, 2)
        }
        return out
    }
}
