/// Which OpenBLAS kernels this process runs and how they were chosen; the result of
/// `OpenBLAS.selectFastKernels()` when it did not replace the process.
public enum KernelSelection: Sendable, Hashable {
    /// The user set `OPENBLAS_CORETYPE`; it is respected as given.
    case userChoice(coreType: String, coreName: String)
    /// OpenBLAS recognised this CPU itself and runs `coreName` kernels.
    case detected(coreName: String)
    /// This process was restarted with `OPENBLAS_CORETYPE = coreType`, chosen from the CPU flags.
    case selectedAutomatically(coreType: String, coreName: String)
    /// OpenBLAS fell back to its generic kernels and the CPU flags offer nothing better it has.
    case noBetterCoreType(coreName: String)
    /// Restarting with `OPENBLAS_CORETYPE = coreType` failed (`execv` set `errorNumber`); the
    /// process continues with the generic kernels.
    case restartFailed(coreType: String, errorNumber: Int32)

    /// A message for stderr when the process runs slower kernels than the CPU allows, else nil.
    public var warning: String? {
        let slow =
            "OpenBLAS uses its generic \(OpenBLAS.fallbackCoreName) kernels; matrix products run about 5× slower"
        switch self {
        case .userChoice(let coreType, let coreName):
            guard OpenBLAS.isFallback(coreName), !OpenBLAS.isFallback(coreType) else { return nil }
            return "OPENBLAS_CORETYPE=\(coreType) did not select a kernel family. \(slow)."
        case .selectedAutomatically(let coreType, let coreName):
            guard OpenBLAS.isFallback(coreName) else { return nil }
            return "restarted with OPENBLAS_CORETYPE=\(coreType), but \(slow)."
        case .restartFailed(let coreType, let errorNumber):
            return "could not restart with OPENBLAS_CORETYPE=\(coreType) (execv failed with errno \(errorNumber)); "
                + "\(slow). Export OPENBLAS_CORETYPE=\(coreType) before starting to fix this."
        case .detected, .noBetterCoreType:
            return nil
        }
    }
}

extension KernelSelection: CustomStringConvertible {
    public var description: String {
        switch self {
        case .userChoice(let coreType, let coreName):
            "\(coreName) (OPENBLAS_CORETYPE=\(coreType) set by the user)"
        case .detected(let coreName):
            "\(coreName) (detected by OpenBLAS)"
        case .selectedAutomatically(let coreType, let coreName):
            "\(coreName) (OPENBLAS_CORETYPE=\(coreType) chosen from the CPU flags)"
        case .noBetterCoreType(let coreName):
            "\(coreName) (no faster kernel family for this CPU)"
        case .restartFailed(let coreType, _):
            "\(OpenBLAS.fallbackCoreName) (restart with OPENBLAS_CORETYPE=\(coreType) failed)"
        }
    }
}
