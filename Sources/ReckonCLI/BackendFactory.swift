import Checkpoint
import Evaluation
import Foundation

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
    var evalSets: URL
}

/// Builds the `CompletionBackend` for a score run: the Llama model, a model on inference servers, or a
/// rule backend (the oracle and garbler that check the harness, the shortcut baseline).
enum BackendFactory {
    static func make(_ request: BackendRequest) throws -> any CompletionBackend {
        if let server = request.server { return try server.makeBackend(decoding: request.decoding) }
        switch request.fake {
        case .oracle:
            return RuleBackend(.oracle(try ReferenceAnswers(evalSetsDirectory: request.evalSets)), decoding: request.decoding)
        case .garbler:
            return RuleBackend(.garbler(try ReferenceAnswers(evalSetsDirectory: request.evalSets)), decoding: request.decoding)
        case .shortcut:
            return RuleBackend(.shortcut(try ShortcutAnswers(evalSetsDirectory: request.evalSets)), decoding: request.decoding)
        case nil:
            guard let model = request.model else { throw CommandError("give --model DIR or --backend oracle|garbler|shortcut") }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: model, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw CommandError("--model \(model): no such directory")
            }
            return try LlamaBackend(model: model, adapter: request.adapter, weights: request.weights,
                                    decoding: request.decoding, automaticBatchSize: request.automaticBatchSize)
        }
    }
}
