import Testing
import TensorCore

extension OpenBLASCalls {
    @Suite("OpenBLAS runtime")
    struct RuntimeTests {
        @Test("thread count set and get round-trip")
        func threadCountRoundTrip() {
            let original = OpenBLAS.threadCount
            defer { OpenBLAS.setThreadCount(original) }
            OpenBLAS.setThreadCount(1)
            #expect(OpenBLAS.threadCount == 1)
            OpenBLAS.setThreadCount(2)
            #expect(OpenBLAS.threadCount == 2)
            #expect(OpenBLAS.info().threadCount == 2)
        }

        @Test("single-threaded sections nest and keep the thread count Reckon reports")
        func singleThreadedSections() {
            let original = OpenBLAS.threadCount
            defer { OpenBLAS.setThreadCount(original) }
            OpenBLAS.setThreadCount(2)
            // (OpenBLAS's own count is checked only inside sections: suites that run at the same
            // time may hold sections of their own, which keep it at 1 outside this test's.)
            let counts = OpenBLAS.withOpenBLASSingleThreaded {
                let inner = OpenBLAS.withOpenBLASSingleThreaded { OpenBLAS.libraryThreadCount }
                return [OpenBLAS.libraryThreadCount, inner, OpenBLAS.threadCount]
            }
            #expect(counts == [1, 1, 2])
            #expect(OpenBLAS.threadCount == 2)
        }

        @Test("the snapshot reports the loaded library")
        func snapshot() {
            let info = OpenBLAS.info()
            #expect(info.configuration.hasPrefix("OpenBLAS "))
            #expect(!info.coreName.isEmpty)
            #expect(info.configuration.contains(info.coreName))
            #expect(info.version?.split(separator: ".").count == 3)
        }

        @Test(
            "OpenBLAS honours OPENBLAS_CORETYPE from the environment",
            .enabled(if: ["haswell", "skylakex"].contains(OpenBLAS.info().coreTypeEnvironment?.lowercased() ?? "")))
        func honoursEnvironment() {
            let info = OpenBLAS.info()
            #expect(info.coreName.lowercased() == info.coreTypeEnvironment?.lowercased())
        }
    }
}
