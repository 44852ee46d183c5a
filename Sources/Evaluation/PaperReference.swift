import EvalSets

/// The paper's pass@1 (open-llama-3B + LoRA, by training-set size), from `docs/rules.md` section 6,
/// for the optional reference columns of comparison tables.
enum PaperReference {
    /// Column labels, in the paper's order.
    static let trainingSizes = ["1M", "10M", "100M"]

    /// pass@1 for a set and N (nil N: the set's total), one value per training size.
    static func passAt1(set: StandardSet, n: Int?) -> [Double]? {
        switch (set, n) {
        case (.inDomain, nil): [0.216, 0.383, 0.443]
        case (.inDomain, 5): [0.224, 0.428, 0.471]
        case (.inDomain, 6): [0.208, 0.363, 0.432]
        case (.inDomain, 7): [0.205, 0.360, 0.425]
        case (.extendedNumberRange, nil): [0.141, 0.205, 0.326]
        case (.extendedNumberRange, 5): [0.163, 0.239, 0.364]
        case (.extendedNumberRange, 6): [0.137, 0.199, 0.331]
        case (.extendedNumberRange, 7): [0.126, 0.186, 0.315]
        case (.extendedNumberRange1000, nil): [0.091, 0.132, 0.170]
        case (.extendedNumberRange1000, 5): [0.131, 0.181, 0.229]
        case (.extendedNumberRange1000, 6): [0.030, 0.051, 0.063]
        case (.extendedNumberRange1000, 7): [0.111, 0.163, 0.220]
        case (.extendedComponent, nil), (.extendedComponent, 8): [0.169, 0.231, 0.352]
        default: nil
        }
    }
}
