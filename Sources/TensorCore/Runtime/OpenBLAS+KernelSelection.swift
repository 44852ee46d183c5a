import Glibc

// Debian's OpenBLAS 0.3.21 does not know recent Intel CPUs (e.g. Emerald Rapids, model 0xCF) and
// falls back to its generic "Prescott" SSE3 kernels, about 5× slower for sgemm than SkylakeX.
// The library reads OPENBLAS_CORETYPE in its load-time
// constructor, so setting it from Swift is too late for the running process: the only in-process
// fix is to set it and re-execute the program once.

extension OpenBLAS {
    /// The core name OpenBLAS reports when it falls back to generic kernels.
    public static let fallbackCoreName = "Prescott"

    /// Set (to the chosen core type) before re-executing, so a restarted process knows it already
    /// tried and never loops.
    static let kernelSelectionGuardVariable = "RECKON_OPENBLAS_CORETYPE_SELECTED"

    /// Makes this process run OpenBLAS's fast kernels for this CPU, restarting it if necessary.
    ///
    /// Call it first thing in `main()`, before any other work: when OpenBLAS fell back to its
    /// generic kernels, `OPENBLAS_CORETYPE` is unset and the CPU flags name a better kernel family,
    /// it sets `OPENBLAS_CORETYPE` and replaces the process with a fresh run of the same executable
    /// and arguments (`execv("/proc/self/exe", argv)`), which then returns `.selectedAutomatically`.
    /// A value of `OPENBLAS_CORETYPE` set by the user is never overridden.
    /// - Returns: how the kernels were chosen; print its `warning`, if any, to stderr.
    public static func selectFastKernels() -> KernelSelection {
        selectFastKernels(reportedCoreName: coreName, executablePath: "/proc/self/exe")
    }

    /// `selectFastKernels()` with its two observations replaceable, so that the restart and the
    /// restart-failure paths can be exercised by hand on a CPU that OpenBLAS recognises.
    package static func selectFastKernels(reportedCoreName: String, executablePath: String) -> KernelSelection {
        let decision = kernelDecision(
            environmentCoreType: environmentValue(coreTypeVariable),
            selectedCoreType: environmentValue(kernelSelectionGuardVariable),
            coreName: reportedCoreName,
            cpuFlags: cpuFlags(fromCPUInfo: readCPUInfo()))
        switch decision {
        case .keep(let selection):
            return selection
        case .restart(let coreType):
            return restart(withCoreType: coreType, executablePath: executablePath)
        }
    }

    /// What `selectFastKernels()` should do, as a pure function of what it observed.
    package enum KernelDecision: Hashable {
        case keep(KernelSelection)
        case restart(coreType: String)
    }

    /// The decision logic of `selectFastKernels()`.
    /// - Parameters:
    ///   - environmentCoreType: `OPENBLAS_CORETYPE` (nil when unset or empty).
    ///   - selectedCoreType: the loop-guard variable (nil when unset), set only by a restart.
    ///   - coreName: `openblas_get_corename()`.
    ///   - cpuFlags: the "flags" of /proc/cpuinfo.
    package static func kernelDecision(
        environmentCoreType: String?, selectedCoreType: String?, coreName: String, cpuFlags: Set<String>
    ) -> KernelDecision {
        if let environmentCoreType {
            if environmentCoreType == selectedCoreType {
                return .keep(.selectedAutomatically(coreType: environmentCoreType, coreName: coreName))
            }
            return .keep(.userChoice(coreType: environmentCoreType, coreName: coreName))
        }
        guard isFallback(coreName) else { return .keep(.detected(coreName: coreName)) }
        if let selectedCoreType {
            // Restarted already, yet OPENBLAS_CORETYPE is gone: report instead of looping.
            return .keep(.selectedAutomatically(coreType: selectedCoreType, coreName: coreName))
        }
        guard let preferred = preferredCoreType(cpuFlags: cpuFlags) else {
            return .keep(.noBetterCoreType(coreName: coreName))
        }
        return .restart(coreType: preferred)
    }

    /// The fastest OpenBLAS kernel family (an `OPENBLAS_CORETYPE` value) whose instructions the
    /// CPU flags include, or nil when the generic kernels are as good as it gets here.
    package static func preferredCoreType(cpuFlags: Set<String>) -> String? {
        if cpuFlags.isSuperset(of: ["avx512f", "avx512bw", "avx512vl", "avx512dq"]) { return "SkylakeX" }
        if cpuFlags.isSuperset(of: ["avx2", "fma"]) { return "Haswell" }
        return nil
    }

    /// The words of the first "flags" line of /proc/cpuinfo text (empty if there is none).
    package static func cpuFlags(fromCPUInfo text: String) -> Set<String> {
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, parts[0].trimmingTrailingWhitespace() == "flags" else { continue }
            return Set(parts[1].split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init))
        }
        return []
    }

    static func isFallback(_ coreName: String) -> Bool {
        coreName.lowercased() == fallbackCoreName.lowercased()
    }

    /// Sets the variables and re-executes; returns only if `execv` failed.
    private static func restart(withCoreType coreType: String, executablePath: String) -> KernelSelection {
        setenv(coreTypeVariable, coreType, 1)
        setenv(kernelSelectionGuardVariable, coreType, 1)
        fflush(nil)
        var arguments: [UnsafeMutablePointer<CChar>?] = CommandLine.arguments.map { strdup($0) }
        arguments.append(nil)
        execv(executablePath, arguments)
        let errorNumber = errno
        for argument in arguments { free(argument) }
        // Still the original process, with the generic kernels: leave the environment as it was
        // so that `info()` reports what this process really runs.
        unsetenv(coreTypeVariable)
        unsetenv(kernelSelectionGuardVariable)
        return .restartFailed(coreType: coreType, errorNumber: errorNumber)
    }

    /// /proc/cpuinfo as text, or "" if it cannot be read (then no core type is preferred).
    private static func readCPUInfo() -> String {
        let descriptor = open("/proc/cpuinfo", O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return "" }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16384)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension Substring {
    fileprivate func trimmingTrailingWhitespace() -> Substring {
        var result = self
        while let last = result.last, last == " " || last == "\t" { result.removeLast() }
        return result
    }
}
