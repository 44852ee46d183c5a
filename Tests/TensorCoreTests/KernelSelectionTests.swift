import Testing
import TensorCore

private let emeraldRapidsFlags: Set<String> = [
    "sse3", "avx", "avx2", "fma", "f16c", "avx512f", "avx512dq", "avx512cd", "avx512bw", "avx512vl", "avx512_bf16",
]
private let zen3Flags: Set<String> = ["sse3", "avx", "avx2", "fma", "f16c"]

@Suite("OpenBLAS kernel selection")
struct KernelSelectionTests {
    @Test("AVX-512 F/BW/VL/DQ selects SkylakeX")
    func skylakeX() {
        #expect(OpenBLAS.preferredCoreType(cpuFlags: emeraldRapidsFlags) == "SkylakeX")
    }

    @Test("AVX2 with FMA selects Haswell")
    func haswell() {
        #expect(OpenBLAS.preferredCoreType(cpuFlags: zen3Flags) == "Haswell")
        // AVX-512F alone (no BW/VL/DQ) is not enough for the SkylakeX kernels.
        #expect(OpenBLAS.preferredCoreType(cpuFlags: zen3Flags.union(["avx512f"])) == "Haswell")
    }

    @Test("without AVX2 and FMA nothing is preferred")
    func nothingBetter() {
        #expect(OpenBLAS.preferredCoreType(cpuFlags: ["sse3", "avx"]) == nil)
        #expect(OpenBLAS.preferredCoreType(cpuFlags: ["avx2"]) == nil)
        #expect(OpenBLAS.preferredCoreType(cpuFlags: []) == nil)
    }

    @Test("the generic fallback with no OPENBLAS_CORETYPE restarts with the preferred core")
    func restartsFromFallback() {
        let decision = OpenBLAS.kernelDecision(
            environmentCoreType: nil, selectedCoreType: nil, coreName: "Prescott", cpuFlags: emeraldRapidsFlags)
        #expect(decision == .restart(coreType: "SkylakeX"))
    }

    @Test("a user-set OPENBLAS_CORETYPE is kept, even when it yields the fallback")
    func respectsUser() {
        let kept = OpenBLAS.kernelDecision(
            environmentCoreType: "Haswell", selectedCoreType: nil, coreName: "Haswell", cpuFlags: emeraldRapidsFlags)
        #expect(kept == .keep(.userChoice(coreType: "Haswell", coreName: "Haswell")))
        let bogus = OpenBLAS.kernelDecision(
            environmentCoreType: "NoSuchCore", selectedCoreType: nil, coreName: "Prescott",
            cpuFlags: emeraldRapidsFlags)
        #expect(bogus == .keep(.userChoice(coreType: "NoSuchCore", coreName: "Prescott")))
        guard case .keep(let selection) = bogus else { return }
        #expect(selection.warning?.contains("OPENBLAS_CORETYPE=NoSuchCore") == true)
    }

    @Test("a core OpenBLAS detected itself is kept")
    func keepsDetected() {
        let decision = OpenBLAS.kernelDecision(
            environmentCoreType: nil, selectedCoreType: nil, coreName: "Zen", cpuFlags: zen3Flags)
        #expect(decision == .keep(.detected(coreName: "Zen")))
    }

    @Test("a restarted process reports the automatic choice and never restarts again")
    func noLoop() {
        let honoured = OpenBLAS.kernelDecision(
            environmentCoreType: "SkylakeX", selectedCoreType: "SkylakeX", coreName: "SkylakeX",
            cpuFlags: emeraldRapidsFlags)
        #expect(honoured == .keep(.selectedAutomatically(coreType: "SkylakeX", coreName: "SkylakeX")))
        let ignored = OpenBLAS.kernelDecision(
            environmentCoreType: nil, selectedCoreType: "SkylakeX", coreName: "Prescott",
            cpuFlags: emeraldRapidsFlags)
        #expect(ignored == .keep(.selectedAutomatically(coreType: "SkylakeX", coreName: "Prescott")))
        guard case .keep(let selection) = ignored else { return }
        #expect(selection.warning != nil)
    }

    @Test("the fallback on a CPU without AVX2 is kept without a warning")
    func fallbackWithoutBetter() {
        let decision = OpenBLAS.kernelDecision(
            environmentCoreType: nil, selectedCoreType: nil, coreName: "Prescott", cpuFlags: ["sse3"])
        #expect(decision == .keep(.noBetterCoreType(coreName: "Prescott")))
        guard case .keep(let selection) = decision else { return }
        #expect(selection.warning == nil)
    }

    @Test("only slow outcomes carry a warning")
    func warnings() {
        #expect(KernelSelection.detected(coreName: "SkylakeX").warning == nil)
        #expect(KernelSelection.userChoice(coreType: "prescott", coreName: "Prescott").warning == nil)
        #expect(KernelSelection.selectedAutomatically(coreType: "SkylakeX", coreName: "SkylakeX").warning == nil)
        #expect(KernelSelection.restartFailed(coreType: "SkylakeX", errorNumber: 2).warning?
            .contains("Export OPENBLAS_CORETYPE=SkylakeX") == true)
    }

    @Test("CPU flags come from the first flags line of /proc/cpuinfo")
    func parsesCPUInfo() {
        let text = """
            processor\t: 0
            model name\t: Intel Xeon Processor
            flags\t\t: fpu sse3 avx2  fma avx512f
            bugs\t\t: spectre_v1

            processor\t: 1
            flags\t\t: fpu
            """
        #expect(OpenBLAS.cpuFlags(fromCPUInfo: text) == ["fpu", "sse3", "avx2", "fma", "avx512f"])
        #expect(OpenBLAS.cpuFlags(fromCPUInfo: "processor : 0\n") == [])
    }

    @Test("the version is parsed from the configuration string")
    func parsesVersion() {
        #expect(OpenBLAS.version(fromConfiguration:
            "OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH NO_AFFINITY Prescott MAX_THREADS=64") == "0.3.21")
        #expect(OpenBLAS.version(fromConfiguration: "OpenBLAS 0.3.31.dev DYNAMIC_ARCH") == "0.3.31.dev")
        #expect(OpenBLAS.version(fromConfiguration: "something else") == nil)
        #expect(OpenBLAS.version(fromConfiguration: "") == nil)
    }
}
