import Evaluation
import Foundation
import Testing

/// Early stop changes how much is generated, never a verdict or a calculator diagnosis (`docs/rules.md`
/// section 8).
@Suite("reckon score with and without early stop on the fixture checkpoints")
struct EarlyStopCLITests {
    // Random fixture models write noise full of byte-fallback tokens, commas and newlines now and then:
    // both tokenizer kinds (tokenizer.json; tokenizer.model alone in llama-openllama-bin), GQA, tied
    // embeddings, bf16 weights, and a LoRA adapter.
    @Test("every verdict, error code and calculator diagnosis is the same; each early-stopped completion is a prefix of the full one",
          arguments: [
              ["llama-gqa"], ["llama-tied"], ["llama-openllama-bin"], ["llama-bf16"], ["llama-f32", "lora-adapter"],
          ])
    func sameVerdicts(fixture: [String]) throws {
        let root = try ReckonProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let fixtures = ReckonProcess.packageRoot.appendingPathComponent("Tests/Fixtures")
        var common = ["score", "--model", fixtures.appendingPathComponent(fixture[0]).path,
                      "--limit", "3", "--max-new-tokens", "40", "--batch-size", "4"]
        if fixture.count > 1 { common += ["--adapter", fixtures.appendingPathComponent(fixture[1]).path] }
        let early = root.appendingPathComponent("early"), full = root.appendingPathComponent("full")
        let first = try ReckonProcess.run(common + ["--out", early.path])
        #expect(first.status == 0, "\(first.stderr)")
        let second = try ReckonProcess.run(common + ["--no-early-stop", "--out", full.path])
        #expect(second.status == 0, "\(second.stderr)")

        let stopped = try ScoredItem.all(in: early), whole = try ScoredItem.all(in: full)
        #expect(stopped.count == 30 && whole.count == 30)
        for (a, b) in zip(stopped, whole) {
            #expect(a.id == b.id)
            #expect(a.valid == b.valid && a.error == b.error, "\(a.id): \(a.completion.debugDescription)")
            #expect(a.calculator != nil && a.calculator == b.calculator, "\(a.id): \(a.completion.debugDescription)")
            #expect(b.completion.hasPrefix(a.completion), "\(a.id)")
            #expect(a.generated_tokens <= b.generated_tokens)
            #expect(a.stop == "decided" || a == b, "\(a.id): stopped by \(a.stop) but differs")
            #expect(b.stop != "decided")
        }
        // The settings keep the two runs apart.
        let earlyDecoding = try RunDirectory(early).readReport().identity.backend.decoding
        #expect(earlyDecoding.earlyStop && earlyDecoding.earlyStopDecidesCalculator)
        #expect(try String(contentsOf: early.appendingPathComponent("identity.json"), encoding: .utf8)
                    .contains(#""early_stop_decides_calculator" : true"#))
        #expect(!(try RunDirectory(full).readReport().identity.backend.decoding.earlyStop))
        let resumed = try ReckonProcess.run(common + ["--no-early-stop", "--out", early.path])
        #expect(resumed.status != 0)
        #expect(resumed.stderr.contains("early stop: on there, off here"), "\(resumed.stderr)")
        #expect(resumed.stderr.contains("run the same command without --no-early-stop"), "\(resumed.stderr)")
        let stopping = try ReckonProcess.run(common + ["--out", full.path])
        #expect(stopping.status != 0)
        #expect(stopping.stderr.contains("early stop: off there, on here"), "\(stopping.stderr)")
        #expect(stopping.stderr.contains("run the same command with --no-early-stop;"), "\(stopping.stderr)")
    }
}
