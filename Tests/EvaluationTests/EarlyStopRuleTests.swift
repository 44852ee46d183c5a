import EvalSets
@testable import Evaluation
import Foundation
import Testing

/// Runs made with the old early stop (it stopped at the first failing piece, before calculator repair
/// was decided) read as they were written, are kept apart from new ones, and tables say that their
/// calculator figures were not measured.
@Suite("Early stop rule: recorded, compared, and shown in tables")
struct EarlyStopRuleTests {
    private static func encoded(_ settings: DecodingSettings) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(settings), as: UTF8.self)
    }

    private static func decoded(_ json: String) throws -> DecodingSettings {
        try JSONDecoder().decode(DecodingSettings.self, from: Data(json.utf8))
    }

    /// Early stop by the old rule, as a run recorded before the rule changed reads back.
    private static let oldRule = DecodingSettings(maxNewTokens: 160, batchSize: 8, earlyStop: true)
        .withOldEarlyStopRule()

    @Test("the new key is written only for the new early stop; old files read back byte for byte")
    func recorded() throws {
        let new = DecodingSettings(batchSize: 8, earlyStop: true)
        #expect(new.earlyStopDecidesCalculator && new.measuresCalculatorRepair)
        #expect(try Self.encoded(new)
                == #"{"batch_size":8,"early_stop":true,"early_stop_decides_calculator":true,"max_new_tokens":160,"strategy":"greedy"}"#)
        #expect(try Self.decoded(try Self.encoded(new)) == new)

        let old = #"{"batch_size":8,"early_stop":true,"max_new_tokens":160,"strategy":"greedy"}"#
        let oldSettings = try Self.decoded(old)
        #expect(!oldSettings.earlyStopDecidesCalculator && !oldSettings.measuresCalculatorRepair)
        #expect(try Self.encoded(oldSettings) == old)

        let off = DecodingSettings(batchSize: 8)
        #expect(!off.earlyStopDecidesCalculator && off.measuresCalculatorRepair)
        #expect(try Self.encoded(off) == #"{"batch_size":8,"early_stop":false,"max_new_tokens":160,"strategy":"greedy"}"#)
        // Recorded before early stop existed: no early stop, calculator measured.
        let older = try Self.decoded(#"{"batch_size":64,"max_new_tokens":160,"strategy":"greedy"}"#)
        #expect(older == DecodingSettings(batchSize: 64) && older.measuresCalculatorRepair)
        // A backend that cannot stop early records neither.
        #expect(new.limited(to: .completionsOnly) == DecodingSettings(batchSize: 8))
    }

    @Test("resume refuses a directory of the old early stop, naming the rule")
    func resumeRefusesTheOldRule() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let old = ScriptedBackend(descriptor: BackendDescriptor(kind: "llama", decoding: Self.oldRule), answers: [:])
        _ = try? TestSupport.runner(directory).run(backend: StoppingBackend(inner: old, limit: 3))
        let new = ScriptedBackend(descriptor: BackendDescriptor(
            kind: "llama", decoding: DecodingSettings(maxNewTokens: 160, batchSize: 8, earlyStop: true)), answers: [:])
        #expect {
            try TestSupport.runner(directory).run(backend: new)
        } throws: { error in
            guard case let EvaluationError.runMismatch(_, differences) = error else { return false }
            return differences == ["early stop: on, old rule (stopped before calculator repair) there, on here"]
        }
        #expect(new.asked.isEmpty)
    }

    /// A run of in-domain's first 4 puzzles per N whose completions are the references with the last
    /// result shown one too high: invalid as written, valid with a calculator.
    private static func report(_ decoding: DecodingSettings) throws -> RunReport {
        let root = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        var answers: [String: String] = [:]
        for item in try EvalItem.readAll(from: TestSupport.evalSets.appendingPathComponent(StandardSet.inDomain.fileName)) {
            guard let equals = item.response.lastIndex(of: "="), let result = Int64(item.response[item.response.index(after: equals)...])
            else { continue }
            answers[item.prompt] = item.response[...equals] + String(result + 1)
        }
        let backend = ScriptedBackend(descriptor: BackendDescriptor(kind: "llama", decoding: decoding), answers: answers)
        return try TestSupport.runner(root, sets: [.inDomain], limit: 4).run(backend: backend)
    }

    @Test("a run of the old early stop shows its calculator figures as not measured, never as 0")
    func tablesSayNotMeasured() throws {
        let measured = ComparisonTable(runs: [("new", try Self.report(DecodingSettings(batchSize: 8, earlyStop: true)))],
                                       includePaper: false)
        #expect(measured.markdown().contains("only arithmetic 12"))
        #expect(!measured.markdown().contains("not measured"))
        #expect(!measured.json().contains("calculator_not_measured"))
        #expect(measured.json().contains(#""arithmetic_only" : 12"#))

        let table = ComparisonTable(runs: [("old", try Self.report(Self.oldRule))], includePaper: false)
        let markdown = table.markdown()
        #expect(markdown.contains("only arithmetic: not measured (early stop before calculator repair)"))
        #expect(!markdown.contains("only arithmetic 12"))
        #expect(markdown.contains("early stop before calculator repair (old rule)"))
        let json = table.json()
        #expect(!json.contains("arithmetic_only"))
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        let rows = try #require(object?["rows"] as? [[String: Any]])
        let cell = try #require((rows.last?["cells"] as? [[String: Any]])?.first)
        #expect(cell["calculator"] == nil)
        #expect(cell["calculator_not_measured"] as? String == "not measured (early stop before calculator repair)")
    }
}

extension DecodingSettings {
    /// These settings as the old early stop recorded them (no `early_stop_decides_calculator`).
    func withOldEarlyStopRule() -> DecodingSettings {
        var settings = self
        settings.earlyStopDecidesCalculator = false
        return settings
    }
}
