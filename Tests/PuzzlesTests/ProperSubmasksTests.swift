@testable import Puzzles
import Testing

@Suite("ProperSubmasks")
struct ProperSubmasksTests {
    @Test("proper sub-masks come in increasing order, neither empty nor the whole mask")
    func submasks() {
        #expect(Array(ProperSubmasks(of: 0b1011)) == [0b0001, 0b0010, 0b0011, 0b1000, 0b1001, 0b1010])
        #expect(Array(ProperSubmasks(of: 0b100)).isEmpty)
        #expect(Array(ProperSubmasks(of: 0b1111_0000)).count == 14)
    }
}
