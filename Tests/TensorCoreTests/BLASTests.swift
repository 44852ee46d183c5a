import Testing
import TensorCore

/// Every test that calls into OpenBLAS, run one at a time: OpenBLAS is meant to be called from
/// one thread (it parallelises inside each call), and one of these tests changes its thread count.
@Suite("OpenBLAS calls", .serialized)
enum OpenBLASCalls {}

/// One gemm shape and layout, printed in test names.
struct GEMMCase: CustomStringConvertible, Sendable {
    var m: Int, n: Int, k: Int
    var transposeA: Transpose, transposeB: Transpose
    /// Extra elements at the end of every stored row (leading dimension > width).
    var padding: Int
    var alpha: Float, beta: Float

    var description: String {
        "\(m)x\(n)x\(k) \(transposeA == .transposed ? "T" : "N")\(transposeB == .transposed ? "T" : "N")"
            + " pad \(padding) alpha \(alpha) beta \(beta)"
    }

    static let shapes: [(m: Int, n: Int, k: Int)] = [(1, 1, 1), (1, 9, 13), (11, 1, 6), (3, 5, 7), (257, 129, 65)]

    static let all: [GEMMCase] = shapes.flatMap { shape in
        Transpose.allCases.flatMap { transposeA in
            Transpose.allCases.flatMap { transposeB in
                [
                    GEMMCase(m: shape.m, n: shape.n, k: shape.k, transposeA: transposeA, transposeB: transposeB,
                             padding: 0, alpha: 1, beta: 0),
                    GEMMCase(m: shape.m, n: shape.n, k: shape.k, transposeA: transposeA, transposeB: transposeB,
                             padding: 3, alpha: 0.75, beta: -0.5),
                ]
            }
        }
    }
}

/// A stored `rows × columns` matrix with `padding` extra elements per row, placed `offset`
/// elements into a larger buffer, filled with random values (padding included).
private func randomMatrix(rows: Int, columns: Int, padding: Int, offset: Int, random: inout SeededRandom) -> Matrix {
    let stride = columns + padding
    let storage = random.buffer(count: offset + rows * stride + 5)
    return Matrix(storage, offset: offset, rows: rows, columns: columns, rowStride: stride)
}

/// op(x)[i, j] for a stored matrix view.
private func element(_ x: Matrix, _ transpose: Transpose, _ i: Int, _ j: Int) -> Double {
    Double(transpose == .notTransposed ? x[i, j] : x[j, i])
}

extension OpenBLASCalls {
    @Suite("BLAS.gemm")
    struct GEMMTests {
        @Test("gemm matches a naive Double reference", arguments: GEMMCase.all)
        func matchesReference(_ spec: GEMMCase) {
            var random = SeededRandom(seed: UInt64(spec.m * 1_000_003 + spec.n * 1009 + spec.k))
            let (aRows, aColumns) = spec.transposeA == .notTransposed ? (spec.m, spec.k) : (spec.k, spec.m)
            let (bRows, bColumns) = spec.transposeB == .notTransposed ? (spec.k, spec.n) : (spec.n, spec.k)
            let a = randomMatrix(rows: aRows, columns: aColumns, padding: spec.padding, offset: 2, random: &random)
            let b = randomMatrix(rows: bRows, columns: bColumns, padding: spec.padding, offset: 1, random: &random)
            let c = randomMatrix(rows: spec.m, columns: spec.n, padding: spec.padding, offset: 3, random: &random)
            let before = c.storage.copy()

            BLAS.gemm(a, transposeA: spec.transposeA, b, transposeB: spec.transposeB,
                      into: c, alpha: spec.alpha, beta: spec.beta)

            // op(a) as m × k and op(b) as k × n, in Double, read once (the view subscripts are slow in debug).
            let opA = (0..<spec.m).map { i in (0..<spec.k).map { p in element(a, spec.transposeA, i, p) } }
            let opB = (0..<spec.n).map { j in (0..<spec.k).map { p in element(b, spec.transposeB, p, j) } }
            var worst = 0.0
            for i in 0..<spec.m {
                for j in 0..<spec.n {
                    var sum = 0.0, magnitude = 0.0
                    let row = opA[i], column = opB[j]
                    for p in 0..<spec.k {
                        let product = row[p] * column[p]
                        sum += product
                        magnitude += abs(product)
                    }
                    let old = Double(before[c.offset + i * c.rowStride + j])
                    let expected = Double(spec.alpha) * sum + Double(spec.beta) * old
                    let bound = 2 * Double(spec.k + 2) * Double(Float.ulpOfOne)
                        * (abs(Double(spec.alpha)) * magnitude + abs(Double(spec.beta) * old)) + 1e-30
                    worst = max(worst, abs(Double(c[i, j]) - expected) / bound)
                }
            }
            #expect(worst <= 1, "error reached \(worst) × the rounding bound")
            // Padding and everything outside the output window is untouched.
            for index in 0..<c.storage.count {
                let relative = index - c.offset
                let inside = relative >= 0 && relative / c.rowStride < spec.m && relative % c.rowStride < spec.n
                if !inside { #expect(c.storage[index].bitPattern == before[index].bitPattern, "index \(index)") }
            }
        }

        @Test("beta 0 overwrites an output full of NaN")
        func betaZeroOverwrites() {
            var random = SeededRandom(seed: 7)
            let a = Matrix(random.buffer(count: 12), rows: 3, columns: 4)
            let b = Matrix(random.buffer(count: 20), rows: 4, columns: 5)
            let c = Matrix(FloatBuffer(repeating: .nan, count: 15), rows: 3, columns: 5)
            BLAS.gemm(a, b, into: c)
            #expect(c.storage.allSatisfy { !$0.isNaN })
            #expect(abs(c[2, 4] - (0..<4).map { a[2, $0] * b[$0, 4] }.reduce(0, +)) < 1e-5)
        }

        @Test("an inner dimension of 0 gives beta · c")
        func emptyInnerDimension() {
            let a = Matrix(rows: 2, columns: 0)
            let b = Matrix(rows: 0, columns: 3)
            let c = Matrix(FloatBuffer(repeating: 4, count: 6), rows: 2, columns: 3)
            BLAS.gemm(a, b, into: c, alpha: 1, beta: 0.5)
            #expect(Array(c.storage) == [2, 2, 2, 2, 2, 2])
            BLAS.gemm(a, b, into: c)
            #expect(Array(c.storage) == [0, 0, 0, 0, 0, 0])
        }

        @Test("an nn.Linear projection x · wᵀ")
        func linearProjection() {
            // w is [out 2, in 3], x is [batch 2, in 3].
            let w = Matrix(FloatBuffer([1, 2, 3, 4, 5, 6]), rows: 2, columns: 3)
            let x = Matrix(FloatBuffer([1, 0, -1, 2, 1, 0]), rows: 2, columns: 3)
            let y = Matrix(rows: 2, columns: 2)
            BLAS.gemm(x, w, transposeB: .transposed, into: y)
            #expect(Array(y.storage) == [-2, -2, 4, 13])
        }

        @Test("mismatched inner dimensions trap")
        func mismatchTraps() async {
            await #expect(processExitsWith: .failure) {
                BLAS.gemm(Matrix(rows: 2, columns: 3), Matrix(rows: 4, columns: 2), into: Matrix(rows: 2, columns: 2))
            }
        }

        @Test("an output overlapping an input traps")
        func overlapTraps() async {
            await #expect(processExitsWith: .failure) {
                let shared = FloatBuffer(count: 8)
                let a = Matrix(shared, rows: 2, columns: 2)
                let c = Matrix(shared, offset: 2, rows: 2, columns: 2)
                BLAS.gemm(a, Matrix(rows: 2, columns: 2), into: c)
            }
        }
    }

    @Suite("BLAS.gemv")
    struct GEMVTests {
        @Test("gemv matches a naive Double reference",
              arguments: [(1, 1), (1, 13), (11, 1), (3, 5), (257, 129)], Transpose.allCases)
        func matchesReference(shape: (Int, Int), transpose: Transpose) {
            let (m, n) = shape
            var random = SeededRandom(seed: UInt64(m * 1000 + n))
            let a = randomMatrix(rows: m, columns: n, padding: 2, offset: 1, random: &random)
            let (inputs, outputs) = transpose == .notTransposed ? (n, m) : (m, n)
            let x = Vector(random.buffer(count: inputs + 3), offset: 3)
            let y = Vector(random.buffer(count: outputs + 4), offset: 1, count: outputs)
            let before = y.storage.copy()
            let alpha: Float = -1.25, beta: Float = 0.5

            BLAS.gemv(a, transpose: transpose, x, into: y, alpha: alpha, beta: beta)

            for i in 0..<outputs {
                var sum = 0.0, magnitude = 0.0
                for j in 0..<inputs {
                    let product = element(a, transpose, i, j) * Double(x[j])
                    sum += product
                    magnitude += abs(product)
                }
                let old = Double(before[y.offset + i])
                let expected = Double(alpha) * sum + Double(beta) * old
                let bound = 2 * Double(inputs + 2) * Double(Float.ulpOfOne)
                    * (abs(Double(alpha)) * magnitude + abs(Double(beta) * old)) + 1e-30
                #expect(abs(Double(y[i]) - expected) <= bound, "row \(i)")
            }
            #expect(y.storage[0] == before[0])
            #expect(y.storage[outputs + 1] == before[outputs + 1])
        }

        @Test("beta 0 overwrites NaN, and an empty input gives beta · y")
        func betaSemantics() {
            let a = Matrix(FloatBuffer([1, 2, 3, 4]), rows: 2, columns: 2)
            let y = Vector(FloatBuffer(repeating: .nan, count: 2))
            BLAS.gemv(a, Vector(FloatBuffer([1, 1])), into: y)
            #expect(Array(y.storage) == [3, 7])
            let scaled = Vector(FloatBuffer([2, 6]))
            BLAS.gemv(Matrix(rows: 2, columns: 0), Vector(FloatBuffer(count: 0)), into: scaled, beta: 0.5)
            #expect(Array(scaled.storage) == [1, 3])
        }

        @Test("a vector of the wrong length traps")
        func wrongLengthTraps() async {
            await #expect(processExitsWith: .failure) {
                BLAS.gemv(
                    Matrix(rows: 2, columns: 3), Vector(FloatBuffer(count: 2)), into: Vector(FloatBuffer(count: 2)))
            }
        }
    }
}

@Suite("Matrix and Vector views")
struct ViewTests {
    @Test("a view addresses offset + row · rowStride + column")
    func addressing() {
        let storage = FloatBuffer((0..<20).map(Float.init))
        let matrix = Matrix(storage, offset: 3, rows: 3, columns: 2, rowStride: 5)
        #expect(matrix[0, 0] == 3)
        #expect(matrix[2, 1] == 14)
        matrix[1, 1] = -1
        #expect(storage[9] == -1)
        let vector = Vector(storage, offset: 18)
        #expect(vector.count == 2)
        #expect(vector[1] == 19)
    }

    @Test("a window past the end of the buffer traps")
    func overrunTraps() async {
        await #expect(processExitsWith: .failure) {
            _ = Matrix(FloatBuffer(count: 10), offset: 1, rows: 2, columns: 5)
        }
    }
}
