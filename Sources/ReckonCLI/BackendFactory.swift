import Evaluation
import Foundation

/// What `reckon score` was asked to score.
struct BackendRequest {
    var model: String?
    var adapter: String?
    var fake: FakeBackendChoice?
    var decoding: DecodingSettings
    var evalSets: URL
}

/// Builds the `CompletionBackend` for a score run. The model backend plugs in here: a `LlamaBackend`
/// conforming to `CompletionBackend`, whose descriptor is
/// `BackendDescriptor(kind: "llama", model: ArtifactIdentity.hashing(directory: model),
/// adapter: adapter.map(ArtifactIdentity.hashing), decoding: request.decoding)`.
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
            throw CommandError("model scoring needs the Llama module, which this build does not have yet; "
                + "--backend oracle|garbler checks the harness without a model")
        }
    }
}
