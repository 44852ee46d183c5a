import CBLAS
import Glibc
import Synchronization

/// The threads a computation may use, made once from a command's options and passed to whatever
/// multiplies matrices: the model, the decoder, the workspaces and the products.
///
/// `threads` is both OpenBLAS's thread count inside each BLAS call and the number of Reckon's
/// kernel threads (Sources/CHalfKernels/kernel_threads.c) a 16-bit product is split over. Nothing
/// reads a process-wide count: two contexts with different counts can run side by side (tests
/// that compare 1 and 2 threads do), and memory sized for a context fits the threads it runs.
public struct ComputeContext: Sendable, Hashable {
    /// Threads for the matrix products, at least 1.
    public let threads: Int

    /// - Precondition: `threads >= 1` (validate user input before calling).
    public init(threads: Int) {
        precondition(threads >= 1, "a compute context needs at least 1 thread (got \(threads))")
        self.threads = threads
    }

    /// OpenBLAS's own default when the process started: OPENBLAS_NUM_THREADS, else the cores.
    public static var machineDefault: ComputeContext {
        ComputeContext(threads: max(1, OpenBLASThreadGate.countAtLoad))
    }

    /// Runs `body` with OpenBLAS's calls on this context's threads, or on one thread with
    /// `singleThreadedOpenBLAS` (for passes whose parallel work runs on Reckon's kernel threads:
    /// OpenBLAS's threads spin after each call and would take the cores from them).
    ///
    /// OpenBLAS has one thread count for the whole process, so a section that needs another count
    /// than the sections running waits until they end; sections with the same count run together
    /// and may nest. Starting a section with another count inside one on the same thread traps (it
    /// would wait for itself).
    package func withOpenBLAS<Result>(singleThreaded: Bool = false, _ body: () throws -> Result) rethrows -> Result {
        try OpenBLASThreadGate.run(threads: singleThreaded ? 1 : threads, body)
    }
}

/// OpenBLAS's process-wide thread count (`openblas_set_num_threads`), set only by sections of a
/// `ComputeContext` and only when no section with another count is running.
enum OpenBLASThreadGate {
    private struct State {
        /// The count OpenBLAS runs at now.
        var count: Int
        /// Sections running at `count`, nested ones included.
        var sections = 0
        /// The threads inside a section and how deeply each has nested them: a thread that asks for
        /// another count from inside its own section would wait for itself.
        var holders: [(thread: pthread_t, depth: Int)] = []
    }

    /// `openblas_get_num_threads()` before any section changed it.
    static let countAtLoad = Int(openblas_get_num_threads())

    private static let state = Mutex(State(count: countAtLoad))

    static func run<Result>(threads: Int, _ body: () throws -> Result) rethrows -> Result {
        while !enter(threads: threads) {
            // Only sections with different counts at once wait here (tests comparing counts);
            // a scoring run uses one count throughout.
            usleep(200)
        }
        defer { leave() }
        return try body()
    }

    private static func enter(threads: Int) -> Bool {
        let thread = pthread_self()
        return state.withLock { state in
            if let index = state.holders.firstIndex(where: { pthread_equal($0.thread, thread) != 0 }) {
                precondition(state.count == threads,
                    "a section of \(threads) OpenBLAS threads cannot start inside one of \(state.count) on the same "
                        + "thread: it would wait for itself")
                state.holders[index].depth += 1
                state.sections += 1
                return true
            }
            if state.sections > 0 && state.count != threads { return false }
            if state.count != threads {
                openblas_set_num_threads(BLAS.blasInt(threads, "thread count"))
                state.count = threads
            }
            state.sections += 1
            state.holders.append((thread, 1))
            return true
        }
    }

    private static func leave() {
        let thread = pthread_self()
        state.withLock { state in
            state.sections -= 1
            guard let index = state.holders.firstIndex(where: { pthread_equal($0.thread, thread) != 0 }) else { return }
            state.holders[index].depth -= 1
            if state.holders[index].depth == 0 { state.holders.remove(at: index) }
        }
    }

    /// OpenBLAS's own setting now (for tests, inside a section).
    static var libraryCount: Int { Int(openblas_get_num_threads()) }
}
