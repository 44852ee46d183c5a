import CHalfKernels

/// The C kernels for 16-bit weights (Sources/CHalfKernels) and how their work is split over threads.
package enum HalfKernels {
    /// The instruction-set level the kernels use: the vector path when the CPU has AVX2, FMA and
    /// F16C, else the portable path. Chosen once, at run time; the build targets no particular CPU.
    package static let level: Int32 = reckon_half_best_level()

    /// The portable level, for tests that compare it with `level`.
    package static let portableLevel = Int32(RECKON_HALF_PORTABLE)

    /// Whether this process runs the vector path (for `reckon info` and benchmarks).
    package static var isVectorised: Bool { level >= Int32(RECKON_HALF_AVX2) }

    /// Runs `body(part, thread)` for each `part` in `0..<parts` on up to `threads` threads: the
    /// caller (thread 0) and the workers of Sources/CHalfKernels/kernel_threads.c (1, 2, ...), which
    /// stay awake between the short sections of a decode step (see kernel_threads.h for why not
    /// Dispatch). Threads take parts in order
    /// as they become free; no two parts run on one thread at once, so `thread` can pick per-thread
    /// memory. Each part must write only its own outputs, so that results do not depend on `threads`.
    /// `body` must not start another parallel section.
    static func parallel(_ parts: Int, threads: Int, _ body: (_ part: Int, _ thread: Int) -> Void) {
        guard parts > 1, threads > 1 else {
            for part in 0..<parts { body(part, 0) }
            return
        }
        withoutActuallyEscaping(body) { escapable in
            // The section returns only after every part ran, so the closure (and the pointers it
            // captured) outlives every use on the workers; parts write disjoint outputs.
            withUnsafePointer(to: escapable) { closure in
                reckon_kernel_threads_run(parts, threads, { context, part, thread in
                    context!.assumingMemoryBound(to: ((Int, Int) -> Void).self).pointee(part, thread)
                }, UnsafeMutableRawPointer(mutating: closure))
            }
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
