import Foundation
import Glibc

/// A read-only memory mapping of a whole file; the one owner of `mmap`/`munmap` in the module.
///
/// Callers reach the bytes only inside `withBytes(in:_:)`, whose range must already have been
/// checked against `byteCount` (a file-controlled offset is validated where it is parsed, and the
/// precondition here catches a loader bug, not bad input).
final class MappedFile: @unchecked Sendable {
    // @unchecked Sendable: the mapping is PROT_READ and never changes after init.

    /// The file's path, for error messages and summaries.
    let url: URL
    /// Size of the file in bytes.
    let byteCount: Int
    private let base: UnsafeRawPointer?

    /// Maps `url` read-only.
    init(url: URL) throws(CheckpointError) {
        self.url = url
        let name = url.lastPathComponent
        let descriptor = open(url.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw .unreadableFile(file: name, reason: String(cString: strerror(errno)))
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw .unreadableFile(file: name, reason: String(cString: strerror(errno)))
        }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            throw .unreadableFile(file: name, reason: "not a regular file")
        }
        byteCount = Int(status.st_size)
        if byteCount == 0 {
            // mmap rejects a zero length; an empty file has no bytes to reach anyway.
            base = nil
            return
        }
        let mapping = mmap(nil, byteCount, PROT_READ, MAP_PRIVATE, descriptor, 0)
        guard let mapping, mapping != MAP_FAILED else {
            throw .unreadableFile(file: name, reason: "mmap: " + String(cString: strerror(errno)))
        }
        base = UnsafeRawPointer(mapping)
    }

    deinit {
        if let base { munmap(UnsafeMutableRawPointer(mutating: base), byteCount) }
    }

    /// The file name, for messages.
    var name: String { url.lastPathComponent }

    /// Calls `body` with the bytes in `range`.
    /// - Precondition: `range` lies within the file.
    func withBytes<Result, Failure: Error>(
        in range: Range<Int>, _ body: (UnsafeRawBufferPointer) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        precondition(range.lowerBound >= 0 && range.upperBound <= byteCount, "range \(range) outside \(name) (\(byteCount) bytes)")
        guard let base, !range.isEmpty else { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        return try body(UnsafeRawBufferPointer(start: base + range.lowerBound, count: range.count))
    }

    /// Lets the kernel take back this process's copy of the pages wholly inside `range` (the file
    /// stays in the page cache; a later read faults them in again). Called once a tensor's bytes
    /// were copied or widened into memory of its own, so that loading a checkpoint does not hold
    /// the whole mapped file and its loaded copy at the same time: without it the peak resident
    /// size while loading is the file plus the weights (13.7 GB for an fp16 3B model kept in fp16).
    func releasePages(in range: Range<Int>) {
        guard let base, !range.isEmpty else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = (Int(bitPattern: base) + range.lowerBound + page - 1) / page * page
        let end = (Int(bitPattern: base) + range.upperBound) / page * page
        guard end > start, let pointer = UnsafeMutableRawPointer(bitPattern: start) else { return }
        // Only a hint for a read-only private mapping: failure changes nothing but the footprint.
        _ = madvise(pointer, end - start, MADV_DONTNEED)
    }

    /// A copy of the bytes in `range` (headers, small entries).
    func data(in range: Range<Int>) -> Data {
        withBytes(in: range) { Data($0) }
    }

    /// A little-endian unsigned integer of `byteWidth` bytes (1, 2, 4 or 8) at `offset`,
    /// or nil when it does not lie inside the file.
    func unsignedInteger(at offset: Int, byteWidth: Int) -> UInt64? {
        guard offset >= 0, byteWidth <= byteCount, offset <= byteCount - byteWidth else { return nil }
        return withBytes(in: offset..<(offset + byteWidth)) { bytes in
            var value: UInt64 = 0
            for index in (0..<byteWidth).reversed() { value = value << 8 | UInt64(bytes[index]) }
            return value
        }
    }
}
