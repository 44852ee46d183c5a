import EvalSets
@testable import Evaluation
import Foundation
import Puzzles
import Testing

@Suite("Rule backends")
struct RuleBackendTests {
    @Test("the oracle scores 1.0 on every puzzle of every set and N, every completion ending by EOS")
    func oracleScoresOne() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let report = try TestSupport.runner(directory, limit: nil).run(backend: RuleBackend(.oracle(TestSupport.references)))
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
            .run(backend: RuleBackend(.oracle(ReferenceAnswers())))
        #expect(report.results.sets.map(\.total.passAt1) == [1.0, 1.0])
        #expect(report.results.sets.map(\.total.puzzles) == [6, 2])
    }

    @Test("the garbler scores 0.0; each completion fails with the error it was built for, all six occur")
    func garblerScoresZero() throws {
        var seen: [VerificationFailure: Int] = [:]
        let garbler = RuleBackend(.garbler(TestSupport.references))
        for set in StandardSet.allCases {
            for item in try EvalItem.readAll(from: TestSupport.evalSets.appendingPathComponent(set.fileName)) {
                let (text, intended) = try TestSupport.references.garbled(item.prompt)
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
            #expect(record.error == (try TestSupport.references.garbled(record.prompt)).intended)
        }
    }

    @Test("max new tokens cuts completions and counts them as stopped by length")
    func lengthStops() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let report = try TestSupport.runner(directory, sets: [.inDomain], limit: 5)
            .run(backend: RuleBackend(.oracle(TestSupport.references), decoding: DecodingSettings(maxNewTokens: 10)))
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

    @Test("each rule is recorded as its own backend kind, with the decoding settings given")
    func kinds() {
        let decoding = DecodingSettings(maxNewTokens: 40, batchSize: 3)
        let kinds = [RuleBackend(.oracle(ReferenceAnswers()), decoding: decoding),
                     RuleBackend(.garbler(ReferenceAnswers()), decoding: decoding),
                     RuleBackend(.shortcut(ShortcutAnswers()), decoding: decoding)].map(\.descriptor)
        #expect(kinds == ["oracle", "garbler", "shortcut"].map { BackendDescriptor(kind: $0, decoding: decoding) })
        #expect(RuleBackend(.oracle(ReferenceAnswers())).descriptor.decoding == DecodingSettings())
    }

    @Test("each rule's completions: the reference, the garbled text, the shortcut solution or the deep attempt")
    func completions() throws {
        // Shortcut depth 0, 2 and 5 in the committed depth table.
        let items = Array(try EvalItem.readAll(from: TestSupport.evalSets.appendingPathComponent("in-domain.jsonl")).prefix(3))
        let prompts = items.map { EvalPrompt(id: $0.id, text: $0.prompt) }
        let shortcuts = ["7/20=0, 0*26=0, 0*43=0, 0*35=0", "6-15=-9, 16/51=0, 0*8=0, -9+0=-9", "no shortcut"]
        let expected: [(RuleBackend.Rule, [String])] = [
            (.oracle(TestSupport.references), items.map(\.response)),
            (.garbler(TestSupport.references), try items.map { try TestSupport.references.garbled($0.prompt).text }),
            (.shortcut(try ShortcutAnswers(evalSetsDirectory: TestSupport.evalSets)), shortcuts),
            // Without the depth table the shortcut rule computes the same depths and solutions.
            (.shortcut(ShortcutAnswers()), shortcuts),
        ]
        for (rule, texts) in expected {
            var answered: [BackendCompletion?] = [nil, nil, nil]
            try RuleBackend(rule).complete(prompts) { index, completion in answered[index] = completion }
            #expect(answered == texts.map { BackendCompletion(text: $0, generatedTokens: $0.count + 1, stop: .eos) },
                    "\(rule.kind)")
        }
        #expect(ShortcutAnswers.deepAttempt == "no shortcut")
    }

    @Test("batches are reported last to first, and max new tokens cuts the text as a model's limit would")
    func batchOrderAndLength() throws {
        let items = Array(try EvalItem.readAll(from: TestSupport.evalSets.appendingPathComponent("in-domain.jsonl")).prefix(5))
        let backend = RuleBackend(.oracle(TestSupport.references), decoding: DecodingSettings(maxNewTokens: 20, batchSize: 2))
        var order: [Int] = []
        try backend.complete(items.map { EvalPrompt(id: $0.id, text: $0.prompt) }) { index, completion in
            order.append(index)
            let response = items[index].response
            #expect(completion == BackendCompletion(text: String(response.prefix(20)), generatedTokens: 20, stop: .length))
        }
        #expect(order == [1, 0, 3, 2, 4])
    }
}
