import CBLAS
import Glibc

/// Facts about, and control of, the OpenBLAS library loaded into this process.
public enum OpenBLAS {
    /// The environment variable OpenBLAS reads at load time to force a kernel family.
    public static let coreTypeVariable = "OPENBLAS_CORETYPE"

    /// The kernel family OpenBLAS chose at load time, e.g. "SkylakeX", "Haswell", or "Prescott"
    /// (the generic fallback Debian's 0.3.21 picks on CPUs it does not know).
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

    /// A snapshot of the facts above and the threads `context` gives each call, for `reckon info`
    /// and run manifests.
    public static func info(context: ComputeContext) -> OpenBLASInfo {
        let selectedCoreType = environmentValue(kernelSelectionGuardVariable)
        let environmentCoreType = environmentValue(coreTypeVariable)
        return OpenBLASInfo(
            coreName: coreName,
            configuration: configuration,
            version: version,
            threadCount: context.threads,
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
    /// The threads of the compute context the snapshot was taken for.
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
