import EvalSets
/// What a run directory scores, written to `identity.json` when the run starts: a later run in the
/// same directory must have the same identity (resume), and shards merge only when theirs agree.
package struct RunIdentity: Codable, Equatable, Sendable {
    static let currentFormat = "reckon-run/1"

    package var format: String
    package var backend: BackendDescriptor
    package var evalSets: [EvalSetIdentity]
    package var selection: RunSelection

    package init(backend: BackendDescriptor, evalSets: [EvalSetIdentity], selection: RunSelection) {
        format = Self.currentFormat
        self.backend = backend
        self.evalSets = evalSets
        self.selection = selection
    }

    enum CodingKeys: String, CodingKey {
        case format, backend, selection
        case evalSets = "eval_sets"
    }

    /// Human-readable differences that would change the scores; model and adapter paths are not
    /// compared (the same files elsewhere are the same model), their content hashes are. For a served
    /// model, the name and what the server says it loaded are compared, the endpoints are not.
    package func differences(from other: RunIdentity, ignoringShard: Bool = false) -> [String] {
        var lines: [String] = []
        func compare<Value: Equatable>(_ what: String, _ mine: Value, _ theirs: Value, _ show: (Value) -> String) {
            if mine != theirs { lines.append("\(what): \(show(theirs)) there, \(show(mine)) here") }
        }
        compare("format", format, other.format) { $0 }
        compare("backend", backend.kind, other.backend.kind) { $0 }
        compare("model", backend.model?.sha256, other.backend.model?.sha256) { $0.map { "sha256 \($0)" } ?? "none" }
        compare("adapter", backend.adapter?.sha256, other.backend.adapter?.sha256) { $0.map { "sha256 \($0)" } ?? "none" }
        compare("served model", backend.served?.servedModel, other.backend.served?.servedModel) { $0 ?? "none" }
        compare("server's model root", backend.served?.root, other.backend.served?.root) { $0 ?? "none" }
        compare("server's model parent", backend.served?.parent, other.backend.served?.parent) { $0 ?? "none" }
        compare("completion request", backend.served?.request, other.backend.served?.request) { request in
            request.map { "temperature \($0.temperature), n \($0.choices), stop \($0.stop)" } ?? "none"
        }
        compare("decoding strategy", backend.decoding.strategy, other.backend.decoding.strategy) { $0 }
        compare("max new tokens", backend.decoding.maxNewTokens, other.backend.decoding.maxNewTokens) { "\($0)" }
        compare("batch size", backend.decoding.batchSize, other.backend.decoding.batchSize) { "\($0)" }
        compare("early stop", backend.decoding.earlyStopRule, other.backend.decoding.earlyStopRule) { $0 }
        compare("eval sets", evalSets.map { "\($0.name) sha256 \($0.sha256)" },
                other.evalSets.map { "\($0.name) sha256 \($0.sha256)" }) { $0.joined(separator: ", ") }
        compare("sets", selection.sets.map(\.name), other.selection.sets.map(\.name)) { $0.joined(separator: ",") }
        compare("limit", selection.limit, other.selection.limit) { $0.map(String.init) ?? "none" }
        if !ignoringShard {
            compare("shard", selection.shard, other.selection.shard) { $0?.description ?? "none" }
        }
        return lines
    }
}
