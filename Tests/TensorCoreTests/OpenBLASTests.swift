import Dispatch
import Glibc
import Synchronization
@testable import TensorCore
import Testing

extension OpenBLASCalls {
    @Suite("OpenBLAS runtime")
    struct RuntimeTests {
        @Test("a context's section runs OpenBLAS at the context's count, or at one thread when asked")
        func sectionCounts() {
            for threads in [1, 2, 3] {
                let context = ComputeContext(threads: threads)
                let counts = context.withOpenBLAS {
                    let inner = context.withOpenBLAS { OpenBLASThreadGate.libraryCount }
                    return [OpenBLASThreadGate.libraryCount, inner]
                }
                #expect(counts == [threads, threads])
                #expect(context.withOpenBLAS(singleThreaded: true) { OpenBLASThreadGate.libraryCount } == 1)
                #expect(OpenBLAS.info(context: context).threadCount == threads)
            }
        }

        @Test("sections of contexts with different counts never overlap: each sees its own count throughout")
        func concurrentContexts() {
            // Two threads enter sections of 1 and 2 threads as fast as they can; inside each,
            // OpenBLAS must stay at that section's count for the whole section.
            let wrong = Atomic<Int>(0)
            let entered = Atomic<Int>(0)
            DispatchQueue.concurrentPerform(iterations: 2) { index in
                let context = ComputeContext(threads: index + 1)
                for _ in 0..<300 {
                    context.withOpenBLAS {
                        entered.add(1, ordering: .relaxed)
                        for _ in 0..<3 {
                            if OpenBLASThreadGate.libraryCount != context.threads { wrong.add(1, ordering: .relaxed) }
                            sched_yield()
                        }
                    }
                }
            }
            #expect(entered.load(ordering: .relaxed) == 600)
            #expect(wrong.load(ordering: .relaxed) == 0)
        }

        @Test("a section of another count inside one on the same thread traps instead of waiting for itself")
        func nestedOtherCountTraps() async {
            await #expect(processExitsWith: .failure) {
                ComputeContext(threads: 2).withOpenBLAS {
                    ComputeContext(threads: 2).withOpenBLAS(singleThreaded: true) {}
                }
            }
        }

        @Test("the snapshot reports the loaded library")
        func snapshot() {
            let info = OpenBLAS.info(context: .machineDefault)
            #expect(info.configuration.hasPrefix("OpenBLAS "))
            #expect(!info.coreName.isEmpty)
            #expect(info.configuration.contains(info.coreName))
            #expect(info.version?.split(separator: ".").count == 3)
        }

        @Test(
            "OpenBLAS honours OPENBLAS_CORETYPE from the environment",
            .enabled(if: ["haswell", "skylakex"].contains(OpenBLAS.info(context: .machineDefault).coreTypeEnvironment?.lowercased() ?? "")))
        func honoursEnvironment() {
            let info = OpenBLAS.info(context: .machineDefault)
            #expect(info.coreName.lowercased() == info.coreTypeEnvironment?.lowercased())
        }
    }
}
