import CHalfKernels
import Dispatch

/// The C kernels for 16-bit weights (Sources/CHalfKernels) and how their work is split over threads.
package enum HalfKernels {
    /// The instruction-set level the kernels use: the vector path when the CPU has AVX2, FMA and
    /// F16C, else the portable path. Chosen once, at run time; the build targets no particular CPU.
    package static let level: Int32 = reckon_half_best_level()

    /// The portable level, for tests that compare it with `level`.
    package static let portableLevel = Int32(RECKON_HALF_PORTABLE)

    /// Whether this process runs the vector path (for `reckon info` and benchmarks).
    package static var isVectorised: Bool { level >= Int32(RECKON_HALF_AVX2) }

    /// Runs `body(part)` for `part` in `0..<parts`, in parallel on Dispatch's worker threads when
    /// `parts > 1`. Each part writes only its own outputs, so the result does not depend on `parts`.
    static func parallel(_ parts: Int, _ body: (Int) -> Void) {
        guard parts > 1 else {
            if parts == 1 { body(0) }
            return
        }
        withoutActuallyEscaping(body) { escapable in
            // concurrentPerform returns only after every part ran, and the parts write disjoint
            // outputs, so sharing the closure (and the pointers it captured) across threads is safe.
            nonisolated(unsafe) let work = escapable
            DispatchQueue.concurrentPerform(iterations: parts) { work($0) }
        }
    }

    /// Splits `0..<count` into at most `parts` ranges whose bounds are multiples of `granule`
    /// (except the end), in order, none empty.
    static func split(_ count: Int, parts: Int, granule: Int) -> [Range<Int>] {
        guard count > 0 else { return [] }
        let granules = (count + granule - 1) / granule
        let parts = max(1, min(parts, granules))
        var ranges: [Range<Int>] = []
        var start = 0
        for part in 0..<parts {
            let end = min(count, (granules * (part + 1) / parts) * granule)
            if end > start { ranges.append(start..<end) }
            start = end
        }
        return ranges
    }
}
