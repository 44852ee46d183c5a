import CBLAS
import Glibc
import Synchronization

/// Facts about, and control of, the OpenBLAS library loaded into this process.
public enum OpenBLAS {
    /// The environment variable OpenBLAS reads at load time to force a kernel family.
    public static let coreTypeVariable = "OPENBLAS_CORETYPE"

    /// The kernel family OpenBLAS chose at load time, e.g. "SkylakeX", "Haswell", or "Prescott"
    /// (the generic fallback Debian's 0.3.21 picks on CPUs it does not know; openblas.md §1).
    public static var coreName: String {
        guard let name = openblas_get_corename() else { return "" }
        return String(cString: name)
    }

    /// The build description, e.g. "OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH NO_AFFINITY Prescott MAX_THREADS=64"
    /// (in a DYNAMIC_ARCH build it names the core in use).
    public static var configuration: String {
        guard let text = openblas_get_config() else { return "" }
        return String(cString: text)
    }

    /// The library version parsed from `configuration`, e.g. "0.3.21"; nil if it has an unknown form.
    public static var version: String? { version(fromConfiguration: configuration) }

    /// Threads each BLAS call may use: the count last set with `setThreadCount`, else OpenBLAS's
    /// own default (OPENBLAS_NUM_THREADS or the core count). Reckon's 16-bit kernels use as many.
    public static var threadCount: Int { threads.withLock { $0.requested } }

    /// Sets the threads each BLAS call (and each 16-bit kernel) may use; takes effect for the next
    /// call (for OpenBLAS's own calls, once no `withOpenBLASSingleThreaded` section is running).
    /// - Precondition: `count >= 1` (validate user input before calling).
    public static func setThreadCount(_ count: Int) {
        precondition(count >= 1, "OpenBLAS thread count must be at least 1 (got \(count))")
        let value = BLAS.blasInt(count, "thread count")
        threads.withLock { threads in
            threads.requested = count
            if threads.singleThreadedSections == 0 { openblas_set_num_threads(value) }
        }
    }

    /// OpenBLAS's own setting (`openblas_get_num_threads()`): `threadCount`, or 1 while a
    /// `withOpenBLASSingleThreaded` section runs.
    package static var libraryThreadCount: Int { Int(openblas_get_num_threads()) }

    /// Runs `body` with OpenBLAS's calls single-threaded, for passes whose parallel work runs on
    /// Reckon's kernel threads (OpenBLAS's threads would compete with them for the cores; sgemm
    /// is called from several of them at once). Sections nest and may run on several threads at
    /// once: OpenBLAS stays single-threaded until the last one ends, then returns to `threadCount`.
    package static func withOpenBLASSingleThreaded<Result>(_ body: () -> Result) -> Result {
        threads.withLock { threads in
            if threads.singleThreadedSections == 0 && threads.requested > 1 { openblas_set_num_threads(1) }
            threads.singleThreadedSections += 1
        }
        defer {
            threads.withLock { threads in
                threads.singleThreadedSections -= 1
                if threads.singleThreadedSections == 0 && threads.requested > 1 {
                    openblas_set_num_threads(Int32(clamping: threads.requested))
                }
            }
        }
        return body()
    }

    /// The count `threadCount` reports, and how many single-threaded sections are running.
    private struct ThreadSetting {
        var requested: Int
        var singleThreadedSections = 0
    }
    private static let threads = Mutex(ThreadSetting(requested: Int(openblas_get_num_threads())))

    /// A snapshot of the facts above, for `reckon info` and run manifests.
    public static func info() -> OpenBLASInfo {
        let selectedCoreType = environmentValue(kernelSelectionGuardVariable)
        let environmentCoreType = environmentValue(coreTypeVariable)
        return OpenBLASInfo(
            coreName: coreName,
            configuration: configuration,
            version: version,
            threadCount: threadCount,
            coreTypeEnvironment: environmentCoreType,
            coreTypeSelectedAutomatically: selectedCoreType != nil && selectedCoreType == environmentCoreType)
    }

    /// "0.3.21" from "OpenBLAS 0.3.21 NO_LAPACKE …": the second word, when the first is "OpenBLAS"
    /// and the second starts with a digit.
    package static func version(fromConfiguration configuration: String) -> String? {
        let words = configuration.split(separator: " ", omittingEmptySubsequences: true)
        guard words.count >= 2, words[0] == "OpenBLAS", let first = words[1].first, first.isASCII, first.isNumber
        else { return nil }
        return String(words[1])
    }

    /// The variable's value, or nil when it is unset or empty.
    static func environmentValue(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        let text = String(cString: value)
        return text.isEmpty ? nil : text
    }
}

/// A snapshot of the OpenBLAS runtime, recorded with results because a different kernel family
/// or thread count can change rounding and with it greedy tokens.
public struct OpenBLASInfo: Sendable, Hashable, Codable {
    /// `openblas_get_corename()`, e.g. "SkylakeX".
    public var coreName: String
    /// `openblas_get_config()`.
    public var configuration: String
    /// Parsed from `configuration`, e.g. "0.3.21".
    public var version: String?
    /// `openblas_get_num_threads()` when the snapshot was taken.
    public var threadCount: Int
    /// `OPENBLAS_CORETYPE` as this process sees it (nil when unset or empty).
    public var coreTypeEnvironment: String?
    /// Whether `coreTypeEnvironment` was set by `OpenBLAS.selectFastKernels()` rather than the user.
    public var coreTypeSelectedAutomatically: Bool

    public init(
        coreName: String, configuration: String, version: String?, threadCount: Int,
        coreTypeEnvironment: String?, coreTypeSelectedAutomatically: Bool
    ) {
        self.coreName = coreName
        self.configuration = configuration
        self.version = version
        self.threadCount = threadCount
        self.coreTypeEnvironment = coreTypeEnvironment
        self.coreTypeSelectedAutomatically = coreTypeSelectedAutomatically
    }
}
