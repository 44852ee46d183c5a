import Foundation
import Testing

private let fixtures = ReckonProcess.packageRoot.appendingPathComponent("Tests/Fixtures")

@Suite("reckon inspect, tokenize, detokenize")
struct ModelCLITests {
    /// Golden cases without newlines (tokenize reads one text per line).
    private func goldenCases() throws -> [(text: String, sentencePiece: [Int], tokenizerJSON: [Int])] {
        let data = try Data(contentsOf: fixtures.appendingPathComponent("tokenizer/goldens.json"))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let cases = try #require(root["cases"] as? [[String: Any]])
        return cases.compactMap { entry in
            guard let text = entry["text"] as? String, !text.contains("\n"), !text.contains("\r"),
                  let sp = (entry["sentencepiece"] as? [String: Any])?["ids"] as? [Int],
                  let json = (entry["tokenizers_json"] as? [String: Any])?["ids"] as? [Int] else { return nil }
            return (text, sp, json)
        }
    }

    @Test("tokenize gives the reference libraries' ids, line for line, for both tokenizer files")
    func tokenize() throws {
        let cases = try goldenCases()
        #expect(cases.count > 40)
        let input = cases.map(\.text).joined(separator: "\n") + "\n"
        let model = fixtures.appendingPathComponent("llama-f32").path
        for (kind, expected) in [("tokenizer.json", cases.map(\.tokenizerJSON)),
                                 ("sentencepiece", cases.map(\.sentencePiece))] {
            let result = try ReckonProcess.run(["tokenize", "--model", model, "--tokenizer", kind], stdin: input)
            #expect(result.status == 0, "\(result.stderr)")
            let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            #expect(lines.count == cases.count)
            for (line, ids) in zip(lines, expected) {
                #expect(line == "[\(ids.map(String.init).joined(separator: ","))]", "\(kind)")
            }
        }
        let withBOS = try ReckonProcess.run(["tokenize", "--model", model, "--bos"], stdin: "3, 6: 9\n")
        #expect(withBOS.stdout.hasPrefix("[1,"))
    }

    @Test("detokenize inverts tokenize on puzzle text and names a bad line")
    func detokenize() throws {
        let model = fixtures.appendingPathComponent("llama-f32").path
        let text = "34, 18, 31, 41, 19, 55: -110\n31-34=-3, 19+41=60, 60/-3=-20\n"
        let ids = try ReckonProcess.run(["tokenize", "--model", model], stdin: text)
        let back = try ReckonProcess.run(["detokenize", "--model", model], stdin: ids.stdout)
        #expect(back.stdout == text)
        let bad = try ReckonProcess.run(["detokenize", "--model", model], stdin: "[1,2]\n[1,100000]\n")
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("<stdin>:2: 100000 is not a token id"))
        let notArray = try ReckonProcess.run(["detokenize", "--model", model], stdin: "{\"a\":1}\n")
        #expect(notArray.stderr.contains("<stdin>:1: expected a JSON array"))
    }

    @Test("a --model that is not a directory is said so, as score says it", arguments: [
        ["inspect"], ["complete"], ["bench"], ["tokenize"], ["detokenize"], ["score"],
    ])
    func missingModel(_ command: [String]) throws {
        let result = try ReckonProcess.run(command + ["--model", "/nonexistent/model"], stdin: "")
        #expect(result.status != 0)
        #expect(result.stderr.contains("Error: --model /nonexistent/model: no such directory"), "\(result.stderr)")
    }

    @Test("inspect describes the model, the tokenizer and the adapter")
    func inspect() throws {
        let result = try ReckonProcess.run([
            "inspect", "--model", fixtures.appendingPathComponent("llama-f32").path,
            "--adapter", fixtures.appendingPathComponent("lora-adapter").path,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        for fragment in ["LlamaForCausalLM", "model.safetensors", "r 4, alpha 16", "tokenizer: tokenizer.json",
                         "bos: 1"] {
            #expect(result.stdout.contains(fragment), "\(fragment) in \(result.stdout)")
        }
    }

    @Test("inspect reports the in-memory precision and bytes: 16-bit kept with auto, widened with --weights float32")
    func inspectWeights() throws {
        let model = fixtures.appendingPathComponent("llama-f16").path
        let kept = try ReckonProcess.run(["inspect", "--model", model])
        #expect(kept.status == 0, "\(kept.stderr)")
        // 166,208 parameters: matrices in 2 bytes, the five norm vectors (64 each) in 4.
        #expect(kept.stdout.contains("in memory: float16, float32, \(2 * (166_208 - 320) + 4 * 320) bytes"),
                "\(kept.stdout)")
        let widened = try ReckonProcess.run(["inspect", "--model", model, "--weights", "float32"])
        #expect(widened.stdout.contains("in memory: float32, \(4 * 166_208) bytes"), "\(widened.stdout)")
        let bad = try ReckonProcess.run(["inspect", "--model", model, "--weights", "half"])
        #expect(bad.status != 0 && bad.stderr.contains("--weights"), "\(bad.stderr)")
    }

    @Test("a pickle naming os.system is refused without running anything")
    func malicious() throws {
        let result = try ReckonProcess.run(["inspect", "--model",
                                            fixtures.appendingPathComponent("malicious-bin-global").path])
        #expect(result.status != 0)
        #expect(result.stderr.contains("os.system"))
        // The pickle's payload is `os.system("echo reckon-pwned")`: run, it would print that.
        #expect(!result.stdout.contains("reckon-pwned") && !result.stderr.contains("reckon-pwned"))
    }
}
