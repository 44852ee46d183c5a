@testable import Evaluation
import Puzzles
import Testing

@Suite("Comparison table cells")
struct ComparisonCellTests {
    /// Two puzzles of shortcut depth 1, one solved; no deep puzzle.
    static let run = ComparisonTable.Cell.run(Tally(n: 5, records: [true, false].enumerated().map { index, valid in
        ItemRecord(id: "in-domain-5-\(index)", set: "in-domain", n: 5, prompt: "1, 2: 3",
                   completion: BackendCompletion(text: valid ? "1+2=3" : "1+2=4", generatedTokens: 6, stop: .eos),
                   verdict: valid ? .valid : Verdict(failure: .target), depth: 1, calculator: valid)
    }))

    @Test("a run's cell: pass@1, counts and interval, the same text wherever a rendering wraps the interval")
    func runCell() {
        #expect(ComparisonTable.cellText(Self.run, .overall) == "0.500 (1/2) [0.095, 0.905]")
        #expect(ComparisonTable.cellText(Self.run, .shortcut) == "0.500 (1/2) [0.095, 0.905]")
        #expect(ComparisonTable.cellText(Self.run, .overall) { "<i>\($0)</i>" } == "0.500 (1/2) <i>[0.095, 0.905]</i>")
        let bar = ComparisonTable.value(Self.run, .overall)
        #expect(bar?.passAt1 == 0.5)
        #expect(bar?.run?.valid == 1 && bar?.run?.puzzles == 2 && bar?.run?.interval != nil)
    }

    @Test("nothing to show is a dash and no bar: an empty group, a missing cell, the paper's deep pass@1")
    func emptyCells() {
        #expect(ComparisonTable.value(Self.run, .deep) == nil)
        #expect(ComparisonTable.cellText(Self.run, .deep) == "—")
        #expect(ComparisonTable.cellText(nil, .overall) == "—")
        #expect(ComparisonTable.cellText(.paper(0.2161), .overall) == "0.216")
        #expect(ComparisonTable.value(.paper(0.2161), .overall)?.run == nil)
        #expect(ComparisonTable.value(.paper(0.2161), .deep) == nil)
    }
}
