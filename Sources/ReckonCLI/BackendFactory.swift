import Checkpoint
import Evaluation
import Foundation
import LocalBackend
import TensorCore

/// What `reckon score` was asked to score.
struct BackendRequest {
    var model: String?
    var adapter: String?
    var weights: WeightPrecision = .auto
    var fake: FakeBackendChoice?
    /// A model on inference servers (`--endpoint`).
    var server: EndpointOptions?
    var decoding: DecodingSettings
    /// The batch size was not given: the Llama backend picks one for its model.
    var automaticBatchSize = false
    /// `--threads`; nil: the Llama backend picks them for its model, the others use the machine's default.
    var threads: Int?
    var evalSets: URL
}

/// A backend and the threads this process computes on while it runs (recorded with the session).
struct ScoringBackend {
    var backend: any CompletionBackend
    var context: ComputeContext
}

/// Builds the `CompletionBackend` for a score run: the Llama model, a model on inference servers, or a
/// rule backend (the oracle and garbler that check the harness, the shortcut baseline).
enum BackendFactory {
    static func make(_ request: BackendRequest) throws -> ScoringBackend {
        let context = request.threads.map(ComputeContext.init) ?? .machineDefault
        if let server = request.server {
            return ScoringBackend(backend: try server.makeBackend(decoding: request.decoding), context: context)
        }
        if request.fake == nil, let model = request.model {
            let backend = try makeLlama(model: model, request)
            return ScoringBackend(backend: backend, context: backend.context)
        }
        return ScoringBackend(backend: try makeRule(request), context: context)
    }

    private static func makeRule(_ request: BackendRequest) throws -> any CompletionBackend {
        switch request.fake {
        case .oracle:
            return RuleBackend(.oracle(try ReferenceAnswers(evalSetsDirectory: request.evalSets)), decoding: request.decoding)
        case .garbler:
            return RuleBackend(.garbler(try ReferenceAnswers(evalSetsDirectory: request.evalSets)), decoding: request.decoding)
        case .shortcut:
            return RuleBackend(.shortcut(try ShortcutAnswers(evalSetsDirectory: request.evalSets)), decoding: request.decoding)
        case nil:
            throw CommandError("give --model DIR or --backend oracle|garbler|shortcut")
        }
    }

    private static func makeLlama(model: String, _ request: BackendRequest) throws -> LlamaBackend {
        try LlamaBackend(
            model: try ModelDirectory.url(model), adapter: request.adapter.map { URL(fileURLWithPath: $0) },
            weights: request.weights, threads: request.threads, decoding: request.decoding,
            automaticBatchSize: request.automaticBatchSize)
    }
}
