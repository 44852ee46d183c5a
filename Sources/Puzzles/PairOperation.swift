/// The six operations a step can apply to two pool values `a` and `b`, in the order the solvers try
/// them: the one place that says which operands go where, shared by `Solver`, `ReachSearch` and
/// `OperandIntervals`.
///
/// Inlined into the searches' inner loops, where it must cost no more than a hand-written switch.
enum PairOperation: Int, CaseIterable {
    case sum, product, aMinusB, bMinusA, aOverB, bOverA

    /// The raw values, in `allCases` order: the solver counts through them rather than iterating
    /// `allCases`, an array that measurably slows its innermost loop.
    static let rawValues = 0..<6

    /// The step's left operand, operator and right operand, as written in a response.
    @inline(__always)
    func operands(_ a: Int64, _ b: Int64) -> (lhs: Int64, op: ArithmeticOperator, rhs: Int64) {
        switch self {
        case .sum: (a, .add, b)
        case .product: (a, .multiply, b)
        case .aMinusB: (a, .subtract, b)
        case .bMinusA: (b, .subtract, a)
        case .aOverB: (a, .divide, b)
        case .bOverA: (b, .divide, a)
        }
    }

    /// The step `a op b = result` as written in a response.
    @inline(__always)
    func step(_ a: Int64, _ b: Int64, _ result: Int64) -> Step {
        let (lhs, op, rhs) = operands(a, b)
        return Step(lhs, op, rhs, result)
    }

    /// `operands(a, b)` applied. Spelled out case by case rather than through `operands`: the
    /// shortcut-depth search calls it in its innermost loop, and the compiler does not merge the two
    /// switches (`reckon depth --in eval-sets/in-domain.jsonl` runs measurably slower that way);
    /// PairOperationTests checks that the two agree.
    @inline(__always)
    func apply(_ a: Int64, _ b: Int64) -> ArithmeticOperator.Outcome {
        switch self {
        case .sum: ArithmeticOperator.add.apply(a, b)
        case .product: ArithmeticOperator.multiply.apply(a, b)
        case .aMinusB: ArithmeticOperator.subtract.apply(a, b)
        case .bMinusA: ArithmeticOperator.subtract.apply(b, a)
        case .aOverB: ArithmeticOperator.divide.apply(a, b)
        case .bOverA: ArithmeticOperator.divide.apply(b, a)
        }
    }
}
