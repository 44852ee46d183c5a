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

    @Test("the raw values the solver counts through are allCases, in order")
    func rawValues() {
        #expect(PairOperation.rawValues.map { PairOperation(rawValue: $0) } == PairOperation.allCases)
    }

    @Test("apply, spelled out for speed, agrees with the operands a step writes")
    func applyMatchesOperands() {
        let values: [Int64] = [0, 1, -1, 2, -3, 7, 100, -100, Int64.max, Int64.min, Int64.max / 3, Int64.min + 1]
        for operation in PairOperation.allCases {
            for a in values {
                for b in values {
                    let (lhs, op, rhs) = operation.operands(a, b)
                    #expect(operation.apply(a, b) == op.apply(lhs, rhs), "\(operation) \(a) \(b)")
                }
            }
        }
    }
}
