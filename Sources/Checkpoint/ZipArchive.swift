/// The central directory of a ZIP archive (PKWARE APPNOTE), enough to find the stored entries of a
/// `torch.save` file: end-of-central-directory record, its ZIP64 form for files over 4 GiB, central
/// directory headers with their ZIP64 extra fields, and local headers for each entry's data offset.
///
/// Only stored (uncompressed) entries can be read, since their bytes are used straight from the mapping.
struct ZipArchive {
    struct Entry {
        /// Byte range of the entry's data in the file.
        let data: Range<Int>
        /// Compression method (0 = stored).
        let method: UInt64
    }

    let file: MappedFile
    let entries: [String: Entry]

    init(_ file: MappedFile) throws(CheckpointError) {
        self.file = file
        let directory = try Self.locateCentralDirectory(file)
        var entries: [String: Entry] = [:]
        var position = directory.offset
        for _ in 0..<directory.entryCount {
            let (name, entry, next) = try Self.readCentralHeader(file, at: position, directoryEnd: directory.end)
            guard entries[name] == nil else { throw Self.malformed(file, "entry '\(name)' appears twice") }
            entries[name] = entry
            position = next
        }
        self.entries = entries
    }

    /// The data range of a stored entry.
    func storedEntry(_ name: String) throws(CheckpointError) -> Range<Int> {
        guard let entry = entries[name] else { throw .missingZipEntry(file: file.name, entry: name) }
        guard entry.method == 0 else {
            throw Self.malformed(file, "entry '\(name)' is compressed (method \(entry.method)); torch.save stores entries uncompressed")
        }
        return entry.data
    }

    // MARK: - Records

    private static let endOfDirectorySignature: UInt64 = 0x0605_4b50
    private static let zip64LocatorSignature: UInt64 = 0x0706_4b50
    private static let zip64EndOfDirectorySignature: UInt64 = 0x0606_4b50
    private static let centralHeaderSignature: UInt64 = 0x0201_4b50
    private static let localHeaderSignature: UInt64 = 0x0403_4b50

    private static func malformed(_ file: MappedFile, _ reason: String) -> CheckpointError {
        .malformedFile(file: file.name, reason: "not a valid ZIP archive: " + reason)
    }

    private static func read(_ file: MappedFile, _ offset: Int, _ width: Int) throws(CheckpointError) -> UInt64 {
        guard let value = file.unsignedInteger(at: offset, byteWidth: width) else {
            throw malformed(file, "a record at byte \(offset) runs past the end of the file")
        }
        return value
    }

    private static func int(_ value: UInt64, _ file: MappedFile, _ what: String) throws(CheckpointError) -> Int {
        guard value <= UInt64(file.byteCount) else { throw malformed(file, "\(what) \(value) exceeds the file size") }
        return Int(value)
    }

    private static func locateCentralDirectory(
        _ file: MappedFile
    ) throws(CheckpointError) -> (offset: Int, end: Int, entryCount: Int) {
        // The end record (22 bytes) is followed by a comment of at most 65535 bytes.
        let lowest = Swift.max(0, file.byteCount - 22 - 65_535)
        var recordOffset: Int?
        var candidate = file.byteCount - 22
        while candidate >= lowest {
            if file.unsignedInteger(at: candidate, byteWidth: 4) == endOfDirectorySignature {
                recordOffset = candidate
                break
            }
            candidate -= 1
        }
        guard let end = recordOffset else { throw malformed(file, "no end-of-central-directory record") }
        var entryCount = try read(file, end + 10, 2)
        var size = try read(file, end + 12, 4)
        var offset = try read(file, end + 16, 4)
        if entryCount == 0xFFFF || size == 0xFFFF_FFFF || offset == 0xFFFF_FFFF {
            let locator = end - 20
            guard locator >= 0, try read(file, locator, 4) == zip64LocatorSignature else {
                throw malformed(file, "ZIP64 sizes without a ZIP64 locator")
            }
            let record = try int(try read(file, locator + 8, 8), file, "ZIP64 record offset")
            guard try read(file, record, 4) == zip64EndOfDirectorySignature else {
                throw malformed(file, "no ZIP64 end-of-central-directory record at byte \(record)")
            }
            entryCount = try read(file, record + 32, 8)
            size = try read(file, record + 40, 8)
            offset = try read(file, record + 48, 8)
        }
        let start = try int(offset, file, "central directory offset")
        let length = try int(size, file, "central directory size")
        guard start + length <= file.byteCount else { throw malformed(file, "the central directory runs past the end") }
        // Each central header is at least 46 bytes, which bounds a hostile entry count.
        guard entryCount <= UInt64(length / 46) else { throw malformed(file, "\(entryCount) entries cannot fit the directory") }
        return (start, start + length, Int(entryCount))
    }

    private static func readCentralHeader(
        _ file: MappedFile, at position: Int, directoryEnd: Int
    ) throws(CheckpointError) -> (String, Entry, Int) {
        guard position + 46 <= directoryEnd, try read(file, position, 4) == centralHeaderSignature else {
            throw malformed(file, "bad central directory header at byte \(position)")
        }
        let method = try read(file, position + 10, 2)
        var compressedSize = try read(file, position + 20, 4)
        var size = try read(file, position + 24, 4)
        let nameLength = Int(try read(file, position + 28, 2))
        let extraLength = Int(try read(file, position + 30, 2))
        let commentLength = Int(try read(file, position + 32, 2))
        var localOffset = try read(file, position + 42, 4)
        let next = position + 46 + nameLength + extraLength + commentLength
        guard next <= directoryEnd else { throw malformed(file, "a central directory header runs past the directory") }
        let nameStart = position + 46
        guard let name = String(validating: file.data(in: nameStart..<(nameStart + nameLength)), as: UTF8.self) else {
            throw malformed(file, "an entry name is not UTF-8")
        }

        // ZIP64 extended information (header id 1) holds, in this order, whichever of the three
        // fields were saturated in the fixed header.
        var extra = nameStart + nameLength
        let extraEnd = extra + extraLength
        while extra + 4 <= extraEnd {
            let identifier = try read(file, extra, 2)
            let length = Int(try read(file, extra + 2, 2))
            var field = extra + 4
            guard field + length <= extraEnd else { throw malformed(file, "an extra field of '\(name)' runs past its header") }
            if identifier == 1 {
                if size == 0xFFFF_FFFF { size = try read(file, field, 8); field += 8 }
                if compressedSize == 0xFFFF_FFFF { compressedSize = try read(file, field, 8); field += 8 }
                if localOffset == 0xFFFF_FFFF { localOffset = try read(file, field, 8); field += 8 }
                guard field <= extra + 4 + length else { throw malformed(file, "a short ZIP64 field in '\(name)'") }
            }
            extra += 4 + length
        }

        let local = try int(localOffset, file, "local header offset of '\(name)'")
        guard try read(file, local, 4) == localHeaderSignature else {
            throw malformed(file, "no local header for '\(name)' at byte \(local)")
        }
        let dataStart = local + 30 + Int(try read(file, local + 26, 2)) + Int(try read(file, local + 28, 2))
        let stored = try int(compressedSize, file, "size of '\(name)'")
        guard dataStart + stored <= file.byteCount else {
            throw malformed(file, "the data of '\(name)' (\(stored) bytes at \(dataStart)) runs past the end of the file")
        }
        if method == 0, compressedSize != size {
            throw malformed(file, "stored entry '\(name)' has different compressed and uncompressed sizes")
        }
        return (name, Entry(data: dataStart..<(dataStart + stored), method: method), next)
    }
}
