import Puzzles

/// A deliberately naive second implementation of `docs/rules.md` section 3, written with String
/// operations and checked arithmetic on Swift's standard types, used to cross-check `Verifier`.
enum ReferenceVerifier {
    static func verify(_ completion: String, numbers: [Int64], target: Int64) -> VerificationFailure? {
        let firstLine = completion.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        let trimmed = trim(String(firstLine))
        // Piece by piece: each piece is parsed and replayed before the next one is looked at.
        var pool = numbers
        for piece in trimmed.split(separator: ",", omittingEmptySubsequences: false) {
            let lhs: Int64, op: Character, rhs: Int64, stated: Int64
            switch parse(trim(String(piece))) {
            case .none: return .format
            case .some(.none): return .overflow
            case let .some(.some(step)): (lhs, op, rhs, stated) = step
            }
            guard let i = pool.firstIndex(of: lhs) else { return .operand }
            pool.remove(at: i)
            guard let j = pool.firstIndex(of: rhs) else { return .operand }
            pool.remove(at: j)
            let exact: Int64?
            switch op {
            case "+": exact = lhs.addingReportingOverflow(rhs).overflow ? nil : lhs + rhs
            case "-": exact = lhs.subtractingReportingOverflow(rhs).overflow ? nil : lhs - rhs
            case "*": exact = lhs.multipliedReportingOverflow(by: rhs).overflow ? nil : lhs * rhs
            default:
                if rhs == 0 { return .arithmetic }
                if lhs == Int64.min && rhs == -1 { return .overflow }
                // Floor division through Double would be inexact; use the remainder rule instead.
                var q = lhs / rhs
                if lhs % rhs != 0 && ((lhs < 0) != (rhs < 0)) { q -= 1 }
                exact = q
            }
            guard let exact else { return .overflow }
            guard exact == stated else { return .arithmetic }
            pool.append(exact)
        }
        if pool.count > 1 { return .incomplete }
        return pool.first == target ? nil : .target
    }

    private static func trim(_ s: String) -> String {
        var scalars = Substring(s)
        while let f = scalars.first, f == " " || f == "\t" || f == "\r" { scalars = scalars.dropFirst() }
        while let l = scalars.last, l == " " || l == "\t" || l == "\r" { scalars = scalars.dropLast() }
        return String(scalars)
    }

    /// nil: not a step; .some(nil): a step whose integer does not fit; .some(step) otherwise.
    private static func parse(_ piece: String) -> (Int64, Character, Int64, Int64)?? {
        var rest = Substring(piece)
        func integer() -> (ok: Bool, value: Int64?) {
            var text = ""
            if rest.first == "-" { text.append("-"); rest = rest.dropFirst() }
            let digits = rest.prefix(while: { $0.isASCII && $0.isNumber })
            guard !digits.isEmpty else { return (false, nil) }
            rest = rest.dropFirst(digits.count)
            text += digits
            return (true, Int64(text))
        }
        func blanks() { rest = rest.drop(while: { $0 == " " || $0 == "\t" }) }
        let a = integer(); guard a.ok else { return nil }
        blanks()
        guard let op = rest.first, "+-*/".contains(op) else { return nil }
        rest = rest.dropFirst(); blanks()
        let b = integer(); guard b.ok else { return nil }
        blanks(); guard rest.first == "=" else { return nil }
        rest = rest.dropFirst(); blanks()
        let c = integer(); guard c.ok, rest.isEmpty else { return nil }
        guard let x = a.value, let y = b.value, let z = c.value else { return .some(nil) }
        return .some((x, op, y, z))
    }
}
