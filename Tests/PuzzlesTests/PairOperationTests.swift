@testable import Puzzles
import Testing

@Suite("PairOperation")
struct PairOperationTests {
    @Test("the six operations put a and b where a response writes them, in the solvers' order")
    func operands() {
        let steps = PairOperation.allCases.map { $0.step(7, 2, 0) }
        #expect(steps.map { "\($0.lhs)\($0.op.symbol)\($0.rhs)" } == ["7+2", "7*2", "7-2", "2-7", "7/2", "2/7"])
        #expect(PairOperation.allCases.map { $0.apply(7, -2) }
            == [.value(5), .value(-14), .value(9), .value(-9), .value(-4), .value(-1)])
        #expect(PairOperation.bOverA.apply(0, 5) == .divisionByZero)
        #expect(PairOperation.product.apply(Int64.max, 2) == .overflow)
    }
}
