import EvalSets
import Foundation
import Puzzles
import Testing

@Suite("reckon solve")
struct SolveCLITests {
    @Test("prints a solution that verifies, or unsolvable, exit 0 both times")
    func solve() throws {
        let prompt = "34, 18, 31, 41, 19, 55: -110"
        let solved = try ReckonProcess.run(["solve", prompt])
        #expect(solved.status == 0)
        let response = solved.stdout.trimmingCharacters(in: .newlines)
        #expect(Verifier.verify(response, for: try PromptParser.parse(prompt)).isValid)
        let unsolvable = try ReckonProcess.run(["solve", "1, 1: 5"])
        #expect(unsolvable.status == 0)
        #expect(unsolvable.stdout == "unsolvable\n")
    }

    @Test("a malformed prompt is an error")
    func malformed() throws {
        let result = try ReckonProcess.run(["solve", "1, two: 3"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("number 2 'two' is not an integer"))
    }
}

@Suite("reckon generate")
struct GenerateCLITests {
    @Test("a standard set at the canonical seed and count reproduces the committed file")
    func reproducesCommitted() throws {
        let result = try ReckonProcess.run(["generate", "--set", "extended-number-range", "--count", "1000"])
        #expect(result.status == 0)
        let committed = try String(contentsOf: ReckonProcess.packageRoot
            .appendingPathComponent("eval-sets/extended-number-range.jsonl"), encoding: .utf8)
        #expect(result.stdout == committed)
    }

    @Test("training data is deterministic, unique and disjoint from every committed test set")
    func training() throws {
        let directory = try ReckonProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("train.jsonl")
        let first = try ReckonProcess.run(["generate", "--set", "train", "--count", "3000", "--seed", "9",
                                           "--out", out.path])
        #expect(first.status == 0)
        let second = try ReckonProcess.run(["generate", "--set", "train", "--count", "3000", "--seed", "9"])
        #expect(try String(contentsOf: out, encoding: .utf8) == second.stdout)
        let items = try EvalItem.readAll(from: out)
        #expect(items.count == 3000)
        #expect(Set(items.map(\.puzzle.canonicalKey)).count == 3000)
        var testKeys = Set<Puzzle.CanonicalKey>()
        for set in StandardSet.allCases {
            let url = ReckonProcess.packageRoot.appendingPathComponent("eval-sets/\(set.fileName)")
            for item in try EvalItem.readAll(from: url) { testKeys.insert(item.puzzle.canonicalKey) }
        }
        #expect(items.allSatisfy { !testKeys.contains($0.puzzle.canonicalKey) })
        #expect(items.allSatisfy { Verifier.verify($0.response, for: $0.puzzle).isValid })
        #expect(Set(items.map(\.n)) == [5, 6, 7])
    }

    @Test("a custom distribution gets count per N; an impossible one fails without leaving a file")
    func custom() throws {
        let directory = try ReckonProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let ok = try ReckonProcess.run(["generate", "--set", "custom", "--numbers", "3,4", "--range=-9...9",
                                        "--count", "5"])
        #expect(ok.status == 0)
        #expect(ok.stdout.split(separator: "\n").count == 10)
        let out = directory.appendingPathComponent("tiny.jsonl")
        let failed = try ReckonProcess.run(["generate", "--set", "custom", "--numbers", "2", "--range", "1...3",
                                            "--count", "1000", "--out", out.path])
        #expect(failed.status != 0)
        #expect(failed.stderr.contains("too few distinct puzzles"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    @Test("unknown sets and bad options are refused with a clear message", arguments: [
        (["generate", "--set", "nope", "--count", "1"], "unknown set 'nope'"),
        (["generate", "--set", "in-domain", "--count", "1", "--range", "1...9"], "fixed distributions"),
        (["generate", "--set", "custom", "--count", "1"], "needs --numbers and --range"),
        (["generate", "--set", "train", "--count", "1", "--numbers", "5,x"], "'x' is not an integer"),
        (["generate", "--set", "train", "--count", "1", "--range", "9...1"], "9 is larger than 1"),
        (["generate", "--set", "train", "--count", "1", "--numbers", "9", "--range", "1...5"], "cannot be drawn"),
    ])
    func refused(arguments: [String], message: String) throws {
        let result = try ReckonProcess.run(arguments)
        #expect(result.status != 0)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }
}

@Suite("reckon verify")
struct VerifyCLITests {
    @Test("one verdict per input line, in order, with ids echoed and a summary on stderr")
    func verdicts() throws {
        let input = """
            {"id":"a","prompt":"3, 6, 7, 51, 58: 4","completion":"58-51=7, 6-7=-1, 3*-1=-3, -3+7=4"}
            {"prompt":"1, 2: 3","completion":"1+2=4"}
            {"prompt":"1, 2: 3","completion":""}

            {"prompt":"1, 2, 3: 3","completion":"1+2=3\\nmore text"}
            """
        let result = try ReckonProcess.run(["verify"], stdin: input)
        #expect(result.status == 0)
        #expect(result.stdout == """
            {"id":"a","valid":true,"error":null}
            {"valid":false,"error":"arithmetic"}
            {"valid":false,"error":"format"}
            {"valid":false,"error":"incomplete"}

            """)
        #expect(result.stderr.contains("verified 4 completions: 1 valid (0.250)"))
        #expect(result.stderr.contains("arithmetic: 1 (0.250)"))
    }

    @Test("malformed input names the line, exits non-zero and leaves no output file",
          arguments: [
            ("{\"prompt\":\"1, 2: 3\",\"completion\":\"1+2=3\"}\n{oops", "<stdin>:2: not valid JSON: expected a key at byte 1 of the line"),
            ("{\"prompt\":\"1, 2: 3\",\"completion\":\"1+2=3\"", "<stdin>:1: not valid JSON: unexpected end in an object at byte 40 of the line"),
            ("{\"completion\":\"1+2=3\"}", "<stdin>:1: missing string field \"prompt\""),
            ("{\"prompt\":\"1, 2: 3\"}", "<stdin>:1: missing string field \"completion\""),
            ("{\"prompt\":\"1, 2 3\",\"completion\":\"\"}", "<stdin>:1: malformed prompt"),
            ("[1,2]", "<stdin>:1: expected a JSON object"),
          ])
    func malformed(input: String, message: String) throws {
        let directory = try ReckonProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("verdicts.jsonl")
        let result = try ReckonProcess.run(["verify", "--out", out.path], stdin: input)
        #expect(result.status != 0)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    @Test("generate's output is refused with the way to verify its reference answers, which are all valid")
    func generatedReferences() throws {
        let generated = try ReckonProcess.run(["generate", "--set", "in-domain", "--count", "1"])
        #expect(generated.status == 0)
        let refused = try ReckonProcess.run(["verify"], stdin: generated.stdout)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains(#"<stdin>:1: missing string field "completion"; verify checks a model's"#
            + #" "completion", and this line holds a reference answer in "response""#), "\(refused.stderr)")
        #expect(refused.stderr.contains("verify those with --field response"))
        let references = try ReckonProcess.run(["verify", "--field", "response"], stdin: generated.stdout)
        #expect(references.status == 0, "\(references.stderr)")
        #expect(references.stderr.contains("verified 3 completions: 3 valid (1.000)"))
        // Without a response beside it, a missing completion is only that.
        let plain = try ReckonProcess.run(["verify"], stdin: #"{"prompt":"1, 2: 3"}"#)
        #expect(plain.stderr.contains(#"missing string field "completion""#) && !plain.stderr.contains("--field"))
    }

    @Test("verifying the committed reference responses finds them all valid")
    func references() throws {
        let file = ReckonProcess.packageRoot.appendingPathComponent("eval-sets/extended-component.jsonl")
        let lines = try EvalItem.readAll(from: file).map { item in
            "{\"prompt\":\(JSONText.quoted(item.prompt)),\"completion\":\(JSONText.quoted(item.response))}"
        }
        let result = try ReckonProcess.run(["verify"], stdin: lines.joined(separator: "\n"))
        #expect(result.status == 0)
        #expect(result.stderr.contains("verified 1000 completions: 1000 valid (1.000)"))
    }
}

@Suite("reckon eval-sets")
struct EvalSetsCLITests {
    @Test("check passes on the committed sets and fails on a changed copy")
    func check() throws {
        let ok = try ReckonProcess.run(["eval-sets", "check"])
        #expect(ok.status == 0, "\(ok.stderr)")
        let directory = try ReckonProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let written = try ReckonProcess.run(["eval-sets", "write", "--dir", directory.path, "--count-per-n", "10"])
        #expect(written.status == 0)
        #expect(try ReckonProcess.run(["eval-sets", "check", "--dir", directory.path]).status == 0)
        let file = directory.appendingPathComponent("in-domain.jsonl")
        var text = try String(contentsOf: file, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"n\":5", with: "\"n\":6")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let changed = try ReckonProcess.run(["eval-sets", "check", "--dir", directory.path])
        #expect(changed.status != 0)
        #expect(changed.stderr.contains("in-domain.jsonl: line 1 differs"))
    }
}

@Suite("reckon depth")
struct DepthCLITests {
    @Test("one line per input line, in order, ids echoed; the shortcut share of a committed set")
    func depths() throws {
        let input = [
            #"{"id":"a","prompt":"3, 40, 17: 0"}"#,
            "",
            #"{"prompt":"5, 7, 2: 5","other":1}"#,
            #"{"id":"c","prompt":"4, -3, 1: 1"}"#,
            #"{"id":"d","prompt":"2, 3: 7"}"#,
        ].joined(separator: "\n")
        let result = try ReckonProcess.run(["depth"], stdin: input)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        #expect(lines[0] == #"{"id":"a","depth":0,"solution":"3/40=0, 0*17=0"}"#)
        #expect(lines[1] == #"{"depth":1,"solution":"2/7=0, 5+0=5"}"#)
        #expect(lines[2].hasPrefix(#"{"id":"c","depth":3,"solution":""#))
        #expect(lines[3] == #"{"id":"d","depth":null,"solution":null}"#)

        let file = ReckonProcess.packageRoot.appendingPathComponent("eval-sets/in-domain.jsonl")
        let set = try ReckonProcess.run(["depth", "--in", file.path])
        #expect(set.status == 0)
        #expect(set.stderr.contains("analysed 3000 puzzles"))
        #expect(set.stderr.contains("1335 of shortcut depth (0-2, 0.445)"))
        let committed = try String(contentsOf: ReckonProcess.packageRoot.appendingPathComponent("eval-sets/depth.jsonl"),
                                   encoding: .utf8)
        #expect(committed.hasPrefix(set.stdout))
    }

    @Test("malformed lines are named errors, as with verify", arguments: [
        ("not json", "<stdin>:2: not valid JSON: invalid literal at byte 0 of the line"),
        (#"{"id":"x"}"#, #"<stdin>:2: missing string field "prompt""#),
        (#"{"prompt":"1, two: 3"}"#, "<stdin>:2: malformed prompt"),
        (#"{"prompt":"1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11: 3"}"#,
         "<stdin>:2: shortcut depth is computed for puzzles of at most 10 numbers"),
    ])
    func malformed(line: String, message: String) throws {
        let result = try ReckonProcess.run(["depth"], stdin: #"{"prompt":"1, 2: 3"}"# + "\n" + line)
        #expect(result.status != 0)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }
}
