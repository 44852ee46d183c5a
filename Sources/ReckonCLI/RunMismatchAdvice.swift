import EvalSets
import Evaluation
import Foundation

/// What `reckon score` says when its run directory holds a run with other settings: the differences,
/// then the flags that give back the recorded settings (to resume that run) or `--out` for a new one.
/// Evaluation lists the differences without knowing the CLI; the flags are named here.
enum RunMismatchAdvice {
    static func message(directory: String, differences: [String], recorded: RunIdentity, requested: RunIdentity) -> String {
        var adding: [String] = []
        var dropping: [String] = []
        var keeping: [String] = []
        let there = recorded.backend.decoding, here = requested.backend.decoding
        if there.earlyStop != here.earlyStop {
            if there.earlyStop { dropping.append("--no-early-stop") } else { adding.append("--no-early-stop") }
        }
        if there.maxNewTokens != here.maxNewTokens { adding.append("--max-new-tokens \(there.maxNewTokens)") }
        if there.batchSize != here.batchSize { adding.append("--batch-size \(there.batchSize)") }
        if recorded.selection.sets != requested.selection.sets {
            adding.append("--sets \(recorded.selection.sets.map(\.name).joined(separator: ","))")
        }
        if recorded.selection.limit != requested.selection.limit {
            if let limit = recorded.selection.limit { adding.append("--limit \(limit)") } else { dropping.append("--limit") }
        }
        if recorded.selection.shard != requested.selection.shard {
            if let shard = recorded.selection.shard { adding.append("--shard \(shard)") } else { dropping.append("--shard") }
        }
        let backend = recorded.backend, current = requested.backend
        // No flag gives these back: the same model files or server are needed, which identity.json records.
        if backend.kind != current.kind || backend.model?.sha256 != current.model?.sha256
            || backend.adapter?.sha256 != current.adapter?.sha256
            || backend.served?.servedModel != current.served?.servedModel || backend.served?.root != current.served?.root
            || backend.served?.parent != current.served?.parent || backend.served?.request != current.served?.request
            || there.strategy != here.strategy {
            keeping.append("the backend and model it scored (\(directory)/identity.json records them)")
        }
        // A set that is selected here but not there differs already by --sets; the files matter only
        // where both name the same set.
        let changedSets = recorded.evalSets.filter { set in
            requested.evalSets.contains { $0.name == set.name && $0.sha256 != set.sha256 }
        }
        if !changedSets.isEmpty {
            keeping.append("--eval-sets DIR holding the eval sets it scored")
        }
        var resume: [String] = []
        if !adding.isEmpty { resume.append("with " + adding.joined(separator: " ")) }
        if !dropping.isEmpty { resume.append("without " + dropping.joined(separator: " or ")) }
        if !keeping.isEmpty { resume.append("with " + keeping.joined(separator: " and ")) }
        // A run of another format cannot be resumed by this version whatever the flags.
        let advice = resume.isEmpty || recorded.format != requested.format
            ? "give --out DIR to start a new run"
            : "to resume that run, run the same command " + resume.joined(separator: ", ")
                + "; or give --out DIR to start a new run"
        return "\(directory) holds a run with other settings:\n  " + differences.joined(separator: "\n  ")
            + "\n" + advice
    }
}
