import CHalfKernels
import Dispatch
import Glibc
import Synchronization
@testable import TensorCore
import Testing

/// Reckon's kernel threads (Sources/CHalfKernels/kernel_threads.c through `HalfKernels.parallel`):
/// every part runs exactly once per section, whatever the thread count, after the workers fell
/// asleep, and when several threads start sections at once.
@Suite("Kernel threads")
struct KernelThreadsTests {
    /// Runs a section of `parts` parts on `threads` threads; returns how often each part ran (-1
    /// for a part that saw a thread index outside 0..<threads, or its thread busy with another part).
    private static func section(parts: Int, threads: Int) -> [Int] {
        let counts = Mutex([Int](repeating: 0, count: parts))
        let busy = Mutex([Bool](repeating: false, count: max(threads, 1)))
        HalfKernels.parallel(parts, threads: threads) { part, thread in
            guard thread >= 0 && thread < max(threads, 1),
                  busy.withLock({ busy in defer { busy[thread] = true }; return !busy[thread] })
            else {
                counts.withLock { $0[part] = -1 }
                return
            }
            counts.withLock { $0[part] += 1 }
            busy.withLock { $0[thread] = false }
        }
        return counts.withLock { $0 }
    }

    @Test("every part runs once, for any number of parts and threads")
    func everyPartOnce() {
        for threads in [1, 2, 3, 5] {
            for parts in [0, 1, 2, 3, 7, 64] {
                #expect(Self.section(parts: parts, threads: threads) == Array(repeating: 1, count: parts),
                        "\(parts) parts on \(threads) threads")
            }
        }
    }

    @Test("sections after the workers fell asleep still run every part")
    func wakesSleepingWorkers() {
        for _ in 0..<5 {
            #expect(Self.section(parts: 4, threads: 2) == [1, 1, 1, 1])
            usleep(5_000)  // longer than a worker spins before it sleeps (1 ms)
        }
        #expect(reckon_kernel_threads_started() >= 1)
    }

    @Test("parts run on more than one thread when asked to")
    func usesWorkers() {
        // Each part waits (at most 2 s) until both parts have started and neither has finished:
        // possible only when two threads run parts at the same time.
        let started = Atomic<Int>(0)
        let finished = Atomic<Int>(0)
        let overlapped = Atomic<Bool>(false)
        HalfKernels.parallel(2, threads: 2) { _, _ in
            started.add(1, ordering: .sequentiallyConsistent)
            for _ in 0..<2_000 {
                if started.load(ordering: .sequentiallyConsistent) == 2 && finished.load(ordering: .sequentiallyConsistent) == 0 {
                    overlapped.store(true, ordering: .sequentiallyConsistent)
                }
                if overlapped.load(ordering: .sequentiallyConsistent) { break }
                usleep(1_000)
            }
            finished.add(1, ordering: .sequentiallyConsistent)
        }
        let sawOverlap = overlapped.load(ordering: .sequentiallyConsistent)
        #expect(sawOverlap)
    }

    @Test("sections started from several threads at once each run every part")
    func concurrentCallers() {
        let failures = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: 8) { caller in
            for round in 0..<50 {
                let parts = 1 + (caller + round) % 6
                if Self.section(parts: parts, threads: 2 + caller % 2) != Array(repeating: 1, count: parts) {
                    failures.add(1, ordering: .relaxed)
                }
            }
        }
        let failed = failures.load(ordering: .relaxed)
        #expect(failed == 0)
    }
}
