import Foundation
import Testing

@Suite("reckon bench")
struct BenchCLITests {
    @Test("prints one row of throughput figures per batch size on the fixture model")
    func rowsPerBatchSize() throws {
        let result = try ReckonProcess.run([
            "bench", "--model", "Tests/Fixtures/llama-f32", "--batch-sizes", "1,3", "--prompt-tokens", "5",
            "--new-tokens", "4", "--threads", "1",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = result.stdout.split(separator: "\n").filter { $0.first == " " }
        #expect(rows.map { $0.split(separator: " ").first } == ["1", "3"])
        #expect(rows.allSatisfy { $0.split(separator: " ").count == 8 })
        #expect(result.stdout.contains("1 threads"))
    }

    @Test("16-bit weights on two threads: a batch above the direct kernel's rows runs the panels beside the products alone")
    func sixteenBitPanels() throws {
        // Batch 16 takes the panel path, which runs OpenBLAS single-threaded inside its own section:
        // the products-alone measurement must not hold a section of another count around it.
        let result = try ReckonProcess.run([
            "bench", "--model", "Tests/Fixtures/llama-f16", "--batch-sizes", "16", "--prompt-tokens", "5",
            "--new-tokens", "3", "--threads", "2",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.split(separator: "\n").filter { $0.first == " " }.count == 1)
    }

    @Test("bad batch sizes and a missing model are errors")
    func refusals() throws {
        let badSizes = try ReckonProcess.run(["bench", "--model", "Tests/Fixtures/llama-f32", "--batch-sizes", "4,0"])
        #expect(badSizes.status != 0)
        #expect(badSizes.stderr.contains("--batch-sizes must be positive integers"))
        let missing = try ReckonProcess.run(["bench", "--model", "Tests/Fixtures/no-such-model"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("--model Tests/Fixtures/no-such-model: no such directory"), "\(missing.stderr)")
    }
}
