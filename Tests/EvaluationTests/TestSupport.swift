import EvalSets
@testable import Evaluation
import Foundation
import Puzzles
import Testing

enum TestSupport {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let evalSets = packageRoot.appendingPathComponent("eval-sets")
    /// Loaded once: the reference responses of all 10,000 committed puzzles.
    static let references: ReferenceAnswers = {
        do {
            return try ReferenceAnswers(evalSetsDirectory: evalSets)
        } catch {
            preconditionFailure("cannot read the committed eval sets: \(error)")
        }
    }()
    static let environment = RunEnvironment(harnessVersion: "test", gitCommit: nil, threads: "1", openBLASCore: "TEST")

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("reckon-evaluation-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func runner(_ directory: URL, sets: [StandardSet] = StandardSet.allCases, limit: Int? = 4,
                       shard: Shard? = nil) throws -> EvalRunner {
        EvalRunner(evalSetsDirectory: evalSets, directory: directory,
                   selection: try RunSelection(sets: sets, limit: limit, shard: shard), environment: environment)
    }

    static func text(_ url: URL) throws -> String {
        try String(contentsOf: url, encoding: .utf8)
    }
}

/// Wraps a backend and throws after `limit` completions, as a crash or Ctrl-C would stop a run.
struct StoppingBackend: CompletionBackend {
    struct Stopped: Error {}

    var inner: any CompletionBackend
    var limit: Int
    var descriptor: BackendDescriptor { inner.descriptor }

    func complete(_ prompts: [EvalPrompt], onCompletion: (Int, BackendCompletion) throws -> Void) throws {
        var delivered = 0
        try inner.complete(prompts) { index, completion in
            guard delivered < limit else { throw Stopped() }
            delivered += 1
            try onCompletion(index, completion)
        }
    }
}

/// Answers from a table of completion texts keyed by prompt; counts what it was asked.
final class ScriptedBackend: CompletionBackend {
    let descriptor: BackendDescriptor
    var answers: [String: String]
    var skip: Set<String> = []
    var repeatFirst = false
    private(set) var asked: [String] = []

    /// `kind` lets it pose as another backend, to show what a resumed run asks for.
    init(kind: String = "scripted", answers: [String: String] = [:]) {
        descriptor = BackendDescriptor(kind: kind, decoding: DecodingSettings())
        self.answers = answers
    }

    init(descriptor: BackendDescriptor, answers: [String: String]) {
        self.descriptor = descriptor
        self.answers = answers
    }

    func complete(_ prompts: [EvalPrompt], onCompletion: (Int, BackendCompletion) throws -> Void) throws {
        asked += prompts.map(\.id)
        for (index, prompt) in prompts.enumerated() where !skip.contains(prompt.id) {
            let text = answers[prompt.text] ?? ""
            try onCompletion(index, BackendCompletion(text: text, generatedTokens: text.count + 1, stop: .eos))
            if repeatFirst, index == 0 {
                try onCompletion(index, BackendCompletion(text: text, generatedTokens: 1, stop: .eos))
            }
        }
    }
}
