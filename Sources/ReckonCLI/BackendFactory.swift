import Checkpoint
import Evaluation
import Foundation

/// What `reckon score` was asked to score.
struct BackendRequest {
    var model: String?
    var adapter: String?
    var weights: WeightPrecision = .auto
    var fake: FakeBackendChoice?
    var decoding: DecodingSettings
    var evalSets: URL
}

/// Builds the `CompletionBackend` for a score run: the Llama model, or a fake that checks the harness.
enum BackendFactory {
    static func make(_ request: BackendRequest) throws -> any CompletionBackend {
        switch request.fake {
        case .oracle:
            return OracleBackend(references: try ReferenceAnswers(evalSetsDirectory: request.evalSets),
                                 decoding: request.decoding)
        case .garbler:
            return GarblerBackend(references: try ReferenceAnswers(evalSetsDirectory: request.evalSets),
                                  decoding: request.decoding)
        case nil:
            guard let model = request.model else { throw CommandError("give --model DIR or --backend oracle|garbler") }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: model, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw CommandError("--model \(model): no such directory")
            }
            return try LlamaBackend(
                model: model, adapter: request.adapter, weights: request.weights, decoding: request.decoding)
        }
    }
}
