import Foundation

/// The Wilson score interval for a binomial proportion (Wilson 1927): better behaved than the normal
/// approximation near 0 and 1, where pass@1 of small or weak models lives.
package struct WilsonInterval: Codable, Equatable, Sendable {
    package var lower: Double
    package var upper: Double

    /// The two-sided 95% quantile of the standard normal distribution.
    static let z95 = 1.959963984540054

    /// The interval for `successes` out of `trials` (trials > 0) at the given z.
    package init(successes: Int, trials: Int, z: Double = Self.z95) {
        precondition(trials > 0 && (0...trials).contains(successes), "Wilson interval of \(successes)/\(trials)")
        let n = Double(trials)
        let p = Double(successes) / n
        let z2 = z * z
        let denominator = 1 + z2 / n
        let center = (p + z2 / (2 * n)) / denominator
        let halfWidth = z / denominator * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
        // Clamp rounding residue: the exact bounds are 0 at p = 0 and 1 at p = 1.
        lower = successes == 0 ? 0 : max(0, center - halfWidth)
        upper = successes == trials ? 1 : min(1, center + halfWidth)
    }

    package init(lower: Double, upper: Double) {
        self.lower = lower
        self.upper = upper
    }
}
