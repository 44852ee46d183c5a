import Foundation
import JSONDocument

/// Finds and reads the weight files of a checkpoint directory, in the order transformers prefers:
/// sharded safetensors, single safetensors, sharded `.bin`, single `.bin`.
enum WeightFiles {
    struct Contents {
        /// Every stored tensor, each name once.
        let tensors: [StoredTensor]
        /// The files read, in order.
        let files: [MappedFile]
    }

    static func read(directory: URL) throws(CheckpointError) -> Contents {
        let candidates: [(name: String, sharded: Bool, reader: Reader)] = [
            ("model.safetensors.index.json", true, SafeTensorsFile.read),
            ("model.safetensors", false, SafeTensorsFile.read),
            ("pytorch_model.bin.index.json", true, TorchCheckpointFile.read),
            ("pytorch_model.bin", false, TorchCheckpointFile.read),
        ]
        for candidate in candidates {
            let url = directory.appendingPathComponent(candidate.name)
            guard FileManager.default.fileExists(atPath: url.path) else { continue }
            if candidate.sharded {
                return try readSharded(index: url, reader: candidate.reader)
            }
            let file = try MappedFile(url: url)
            return Contents(tensors: try unique(try candidate.reader(file), file: file.name), files: [file])
        }
        throw .missingFile(
            directory: directory.path, expected: "weights (model.safetensors[.index.json] or pytorch_model.bin[.index.json])")
    }

    typealias Reader = (MappedFile) throws(CheckpointError) -> [StoredTensor]

    /// Reads a single weight file (an adapter's `adapter_model.safetensors` or `.bin`).
    static func readSingle(_ url: URL) throws(CheckpointError) -> Contents {
        let file = try MappedFile(url: url)
        let tensors = url.pathExtension == "safetensors" ? try SafeTensorsFile.read(file) : try TorchCheckpointFile.read(file)
        return Contents(tensors: try unique(tensors, file: file.name), files: [file])
    }

    /// `{"metadata": {...}, "weight_map": {tensor: shard file}}`: every tensor must be in the shard named for it.
    private static func readSharded(index: URL, reader: Reader) throws(CheckpointError) -> Contents {
        let indexName = index.lastPathComponent
        guard case let .object(members) = try JSONValue.read(index), case let .object(weightMap)? = members["weight_map"] else {
            throw .malformedFile(file: indexName, reason: "no weight_map object")
        }
        var shardOf: [String: String] = [:]
        for entry in weightMap {
            guard case let .string(shardName) = entry.value, !shardName.isEmpty, !shardName.contains("/"), shardName != ".." else {
                throw .malformedFile(file: indexName, reason: "weight_map entry '\(entry.key)' does not name a file in the directory")
            }
            shardOf[entry.key] = shardName
        }
        var tensors: [StoredTensor] = []
        var files: [MappedFile] = []
        for shardName in Set(shardOf.values).sorted() {
            let url = index.deletingLastPathComponent().appendingPathComponent(shardName)
            guard FileManager.default.fileExists(atPath: url.path) else {
                throw .missingFile(directory: index.deletingLastPathComponent().path, expected: "\(shardName) (named in \(indexName))")
            }
            let file = try MappedFile(url: url)
            let shardTensors = try reader(file)
            let names = Set(shardTensors.map(\.name))
            for tensor in shardTensors where shardOf[tensor.name] != shardName {
                throw .unexpectedTensor(name: tensor.name, file: shardName + " (the index places it elsewhere)")
            }
            for (tensor, shard) in shardOf where shard == shardName && !names.contains(tensor) {
                throw .missingTensor(name: tensor, file: shardName + " (named in \(indexName))")
            }
            tensors += shardTensors
            files.append(file)
        }
        return Contents(tensors: try unique(tensors, file: indexName), files: files)
    }

    private static func unique(_ tensors: [StoredTensor], file: String) throws(CheckpointError) -> [StoredTensor] {
        var seen: Set<String> = []
        for tensor in tensors where !seen.insert(tensor.name).inserted {
            throw .duplicateTensor(name: tensor.name, file: file)
        }
        return tensors
    }
}
