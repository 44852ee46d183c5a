import Glibc

/// How much memory a new allocation may take: `MemAvailable` from /proc/meminfo (what the kernel
/// can hand out without swapping, i.e. after the loaded weights and other processes), or the
/// physical memory size where that file cannot be read.
enum MemoryBudget {
    static func availableBytes() -> Int {
        if let available = memInfoAvailableBytes() { return available }
        return physicalBytes()
    }

    static func physicalBytes() -> Int {
        let pages = sysconf(Int32(_SC_PHYS_PAGES))
        let pageSize = sysconf(Int32(_SC_PAGESIZE))
        guard pages > 0, pageSize > 0 else { return Int.max }
        let (bytes, overflow) = pages.multipliedReportingOverflow(by: pageSize)
        return overflow ? Int.max : bytes
    }

    /// The `MemAvailable:` line of /proc/meminfo in bytes, or nil.
    private static func memInfoAvailableBytes() -> Int? {
        guard let file = fopen("/proc/meminfo", "r") else { return nil }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 256)
        while fgets(&line, Int32(line.count), file) != nil {
            let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            guard text.hasPrefix("MemAvailable:") else { continue }
            let fields = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" })
            guard fields.count >= 2, let kibibytes = Int(fields[1]) else { return nil }
            let (bytes, overflow) = kibibytes.multipliedReportingOverflow(by: 1024)
            return overflow ? Int.max : bytes
        }
        return nil
    }
}
