import Foundation
import Testing

@Suite("reckon complete")
struct CompleteCLITests {
    struct Golden: Decodable {
        struct Prompt: Decodable {
            let prompt: String
            let new_ids: [Int]
            let ended_with_eos: Bool
            let completion: String
        }
        let prompts: [Prompt]
    }

    struct Line: Decodable, Equatable {
        let prompt: String
        let completion: String
        let tokens: [Int]
        let stop: String
    }

    @Test("a malformed line names its line and why it is not JSON, before the model loads")
    func malformedLine() throws {
        let result = try ReckonProcess.run(["complete", "--model", "Tests/Fixtures/llama-f32"],
                                           stdin: "{\"prompt\": \"1, 2: 3\"}\n{\"prompt\": \"1, 2: 3\",}\n")
        #expect(result.status != 0)
        #expect(result.stderr.contains("<stdin>:2: not valid JSON: expected a key at byte 21 of the line"), "\(result.stderr)")
    }

    @Test("completions equal transformers' greedy text, in input order, at a batch smaller than the input",
          arguments: [("llama-f32", nil), ("llama-f32", "lora-adapter"), ("llama-gqa", nil),
                      ("llama-f16", nil), ("llama-bf16", "lora-adapter")] as [(String, String?)])
    func matchesGoldens(model: String, adapter: String?) throws {
        let name = adapter.map { "\(model)+\($0)" } ?? model
        let golden = try JSONDecoder().decode(Golden.self, from: Data(contentsOf: ReckonProcess.packageRoot
            .appendingPathComponent("Tests/Fixtures/goldens/inference/\(name).json")))
        let directory = try ReckonProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("completions.jsonl")
        let input = golden.prompts.map { "{\"id\": 7, \"prompt\": \(Self.quoted($0.prompt))}\n" }.joined()
        var arguments = ["complete", "--model", "Tests/Fixtures/\(model)", "--out", out.path, "--batch-size", "5",
                         "--max-new-tokens", "24", "--threads", "1", "--tokenizer", "sentencepiece"]
        if let adapter { arguments += ["--adapter", "Tests/Fixtures/\(adapter)"] }
        let result = try ReckonProcess.run(arguments, stdin: input)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("decoded 32 prompts"))
        let lines = try String(contentsOf: out, encoding: .utf8).split(separator: "\n").map {
            try JSONDecoder().decode(Line.self, from: Data($0.utf8))
        }
        #expect(lines.count == golden.prompts.count)
        for (line, reference) in zip(lines, golden.prompts) {
            #expect(line.prompt == reference.prompt)
            // `tokens` are the new ids with EOS left out; the goldens' new_ids keep it.
            let expectedTokens = reference.ended_with_eos ? Array(reference.new_ids.dropLast()) : reference.new_ids
            #expect(line.tokens == expectedTokens, "\(reference.prompt)")
            #expect(line.stop == (reference.ended_with_eos ? "eos" : "length"), "\(reference.prompt)")
            // The goldens' text is sentencepiece's raw decode, which writes <unk> (id 0) as " ⁇ ";
            // `complete` decodes like transformers with skip_special_tokens=True, which drops it.
            if !reference.new_ids.contains(0) {
                #expect(line.completion == reference.completion, "\(reference.prompt)")
            }
        }
    }

    @Test("a line without a string prompt is an error naming the line; nothing is written")
    func malformedInput() throws {
        let directory = try ReckonProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("completions.jsonl")
        let result = try ReckonProcess.run(
            ["complete", "--model", "Tests/Fixtures/llama-f32", "--out", out.path],
            stdin: "{\"prompt\": \"1, 2: 3\"}\n{\"text\": \"4, 5: 6\"}\n")
        #expect(result.status != 0)
        #expect(result.stderr.contains("<stdin>:2: expected a JSON object with a string field \"prompt\""))
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test("a prompt too long for the context is refused with the numbers")
    func promptBeyondContext() throws {
        let result = try ReckonProcess.run(
            ["complete", "--model", "Tests/Fixtures/llama-f32", "--max-new-tokens", "120"],
            stdin: "{\"prompt\": \"15, 29, 33: 435\"}\n")
        #expect(result.status != 0)
        #expect(result.stderr.contains("prompt 0 has 17 tokens; with 120 new tokens that is 137 positions"))
    }

    private static func quoted(_ text: String) -> String {
        String(decoding: try! JSONEncoder().encode(text), as: UTF8.self)
    }
}
