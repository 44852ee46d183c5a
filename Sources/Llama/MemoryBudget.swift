import Glibc

/// How much memory a new allocation may take: `MemAvailable` from /proc/meminfo (what the kernel
/// can hand out without swapping, i.e. after the loaded weights and other processes), lowered to
/// what is left under a cgroup v2 memory limit when the process runs in one (containers), or the
/// physical memory size where /proc/meminfo cannot be read.
enum MemoryBudget {
    static func availableBytes() -> Int {
        var available = memInfoAvailableBytes() ?? physicalBytes()
        if let limit = cgroupRemainingBytes() { available = min(available, limit) }
        return available
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
        for line in lines(ofFile: "/proc/meminfo") where line.hasPrefix("MemAvailable:") {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count >= 2, let kibibytes = Int(fields[1]) else { return nil }
            let (bytes, overflow) = kibibytes.multipliedReportingOverflow(by: 1024)
            return overflow ? Int.max : bytes
        }
        return nil
    }

    /// `memory.max − memory.current` of this process's cgroup (v2), or nil when there is no
    /// limit ("max") or the files are absent.
    private static func cgroupRemainingBytes() -> Int? {
        guard let limit = lines(ofFile: "/sys/fs/cgroup/memory.max").first.flatMap({ Int($0) }),
              let current = lines(ofFile: "/sys/fs/cgroup/memory.current").first.flatMap({ Int($0) })
        else { return nil }
        return max(0, limit - current)
    }

    /// The lines of a small text file without their newlines (empty if it cannot be read).
    private static func lines(ofFile path: String) -> [String] {
        guard let file = fopen(path, "r") else { return [] }
        defer { fclose(file) }
        var result: [String] = []
        var buffer = [CChar](repeating: 0, count: 512)
        while fgets(&buffer, Int32(buffer.count), file) != nil {
            let bytes = buffer.prefix { $0 != 0 && $0 != 0x0A }.map { UInt8(bitPattern: $0) }
            result.append(String(decoding: bytes, as: UTF8.self))
        }
        return result
    }
}
