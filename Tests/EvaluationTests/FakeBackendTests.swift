import EvalSets
@testable import Evaluation
import Foundation
import Puzzles
import Testing

@Suite("Fake backends")
struct FakeBackendTests {
    @Test("the oracle scores 1.0 on every puzzle of every set and N, every completion ending by EOS")
    func oracleScoresOne() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let report = try TestSupport.runner(directory, limit: nil).run(backend: OracleBackend(references: TestSupport.references))
        #expect(report.results.sets.map(\.set) == StandardSet.allCases.map(\.name))
        for set in report.results.sets {
            #expect(set.total.passAt1 == 1.0)
            #expect(set.total.valid == set.total.puzzles)
            #expect(set.total.puzzles == 1000 * set.byN.count)
            #expect(set.total.stoppedByLength == 0)
            #expect(set.byN.allSatisfy { $0.passAt1 == 1.0 && $0.puzzles == 1000 })
        }
    }

    // The solver takes milliseconds per puzzle in a debug build, so only a few puzzles use it.
    @Test("without reference responses the oracle solves each prompt itself")
    func oracleSolves() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let report = try TestSupport.runner(directory, sets: [.inDomain, .extendedComponent], limit: 2)
            .run(backend: OracleBackend())
        #expect(report.results.sets.map(\.total.passAt1) == [1.0, 1.0])
        #expect(report.results.sets.map(\.total.puzzles) == [6, 2])
    }

    @Test("the garbler scores 0.0; each completion fails with the error it was built for, all six occur")
    func garblerScoresZero() throws {
        var seen: [VerificationFailure: Int] = [:]
        let garbler = GarblerBackend(references: TestSupport.references)
        for set in StandardSet.allCases {
            for item in try EvalItem.readAll(from: TestSupport.evalSets.appendingPathComponent(set.fileName)) {
                let (text, intended) = try garbler.garble(item.prompt)
                #expect(Verifier.verify(text, for: item.puzzle).failure == intended, "\(item.id): \(text)")
                seen[intended, default: 0] += 1
            }
        }
        #expect(Set(seen.keys) == Set(VerificationFailure.allCases))
        #expect(seen.values.allSatisfy { $0 > 1000 })

        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let report = try TestSupport.runner(directory, limit: nil).run(backend: garbler)
        for set in report.results.sets {
            #expect(set.total.valid == 0)
            #expect(set.total.passAt1 == 0)
            #expect(set.total.errors.values.reduce(0, +) == set.total.puzzles)
        }
        let records = try ItemLog.read(RunDirectory(directory).itemsURL, recoveringTornLine: false)
        for record in records {
            #expect(record.error == (try garbler.garble(record.prompt)).intended)
        }
    }

    @Test("max new tokens cuts completions and counts them as stopped by length")
    func lengthStops() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let report = try TestSupport.runner(directory, sets: [.inDomain], limit: 5)
            .run(backend: OracleBackend(references: TestSupport.references, decoding: DecodingSettings(maxNewTokens: 10)))
        let total = try #require(report.results.sets.first?.total)
        #expect(total.stoppedByLength == total.puzzles)
        #expect(total.valid == 0)
        let records = try ItemLog.read(RunDirectory(directory).itemsURL, recoveringTornLine: false)
        #expect(records.allSatisfy { $0.completion.count == 10 && $0.generatedTokens == 10 && $0.stop == .length })
    }

    @Test("no reference response of any committed set is longer than the default max new tokens")
    func defaultMaxNewTokens() throws {
        var longest = 0
        for set in StandardSet.allCases {
            for item in try EvalItem.readAll(from: TestSupport.evalSets.appendingPathComponent(set.fileName)) {
                longest = max(longest, item.response.count)
            }
        }
        #expect(longest == 148)
        #expect(longest + 1 <= DecodingSettings.defaultMaxNewTokens)
    }
}
