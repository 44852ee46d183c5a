import Puzzles
import Testing

@Suite("Calculator repair")
struct CalculatorRepairTests {
    private func repaired(_ completion: String, _ prompt: String) throws -> (valid: Bool, calculator: Bool) {
        let puzzle = try PromptParser.parse(prompt)
        return (Verifier.verify(completion, for: puzzle).isValid, CalculatorRepair.isValid(completion, for: puzzle))
    }

    @Test("a wrong result used later: the plan is right, only the arithmetic is wrong")
    func wrongResultUsedLater() throws {
        let result = try repaired("58-51=8, 6-8=-2, 3*-2=-6, -6+7=1", "3, 6, 7, 51, 58: 4")
        #expect(result.valid == false)
        #expect(result.calculator)
    }

    @Test("a shown value that repeats a candidate is the most recently added entry")
    func repeatedShownValue() throws {
        // 2+5 shows 9 (true 7); `9-9` takes that entry first, then the candidate 9: true 7-9 = -2.
        #expect(try repaired("2+5=9, 9-9=0", "2, 5, 9: -2") == (false, true))
        // Taking the candidate first would give 9-7 = 2: not the target.
        #expect(try repaired("2+5=9, 9-9=0", "2, 5, 9: 2") == (false, false))
    }

    @Test("division by a true zero is never repaired")
    func divisionByTrueZero() throws {
        #expect(try repaired("3-3=1, 8/1=8", "3, 3, 8: 8") == (false, false))
    }

    @Test("valid completions stay valid; format, missing operands and leftovers are not repaired", arguments: [
        ("58-51=7, 6-7=-1, 3*-1=-3, -3+7=4", "3, 6, 7, 51, 58: 4", true),
        ("58-51=7, 6-7=-1, 3*-1=-3, -3+7=4,", "3, 6, 7, 51, 58: 4", false),
        ("58-50=7, 6-7=-1, 3*-1=-3, -3+7=4", "3, 6, 7, 51, 58: 4", false),
        ("58-51=7, 6-7=-1, 3*-1=-3", "3, 6, 7, 51, 58: 4", false),
        ("1+2=4", "1, 2: 4", false),
        ("1+2=4", "1, 2: 3", true),
        ("4611686018427387904*4=0", "4611686018427387904, 4: 0", false),
        ("1+2=3, 3+3=6", "1, 2: 3", false),
    ])
    func others(completion: String, prompt: String, calculator: Bool) throws {
        #expect(try repaired(completion, prompt).calculator == calculator)
    }
}
