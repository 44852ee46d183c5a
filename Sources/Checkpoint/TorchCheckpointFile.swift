import TensorCore

/// Reads the tensor table of a `torch.save` ZIP file (`pytorch_model.bin`, `adapter_model.bin`):
/// the restricted pickle `<prefix>/data.pkl` names the tensors and their storages, and each
/// storage's bytes are the stored entry `<prefix>/data/<key>`, read in place from the mapping.
enum TorchCheckpointFile {
    static func read(_ file: MappedFile) throws(CheckpointError) -> [StoredTensor] {
        let archive = try ZipArchive(file)
        let pickles = archive.entries.keys.filter { $0 == "data.pkl" || $0.hasSuffix("/data.pkl") }
        guard pickles.count == 1, let pickleName = pickles.first else {
            throw .malformedFile(file: file.name, reason: "expected one data.pkl entry, found \(pickles.count)")
        }
        let prefix = String(pickleName.dropLast("data.pkl".count))
        if archive.entries[prefix + "byteorder"] != nil {
            let order = file.data(in: try archive.storedEntry(prefix + "byteorder"))
            guard String(decoding: order, as: UTF8.self) == "little" else {
                throw .malformedFile(file: file.name, reason: "byteorder is not 'little'")
            }
        }
        let root = try RestrictedUnpickler.unpickle(file.data(in: try archive.storedEntry(pickleName)), file: file.name)
        guard case let .dictionary(stateDict) = root else {
            throw .malformedFile(file: file.name, reason: "the pickle holds a \(root.kind), not a state dict")
        }

        var tensors: [StoredTensor] = []
        for (key, value) in stateDict.entries {
            guard case let .string(name) = key else {
                throw .malformedFile(file: file.name, reason: "a state dict key is a \(key.kind), not a string")
            }
            guard case let .tensor(tensor) = value else {
                throw .invalidTensorData(file: file.name, tensor: name, reason: "the value is a \(value.kind), not a tensor")
            }
            tensors.append(try stored(name, tensor, archive: archive, prefix: prefix))
        }
        return tensors
    }

    private static func stored(
        _ name: String, _ tensor: TorchTensor, archive: ZipArchive, prefix: String
    ) throws(CheckpointError) -> StoredTensor {
        let file = archive.file
        let storage = tensor.storage
        let bytes = try archive.storedEntry(prefix + "data/" + storage.key)
        let (expectedBytes, overflow) = storage.elementCount.multipliedReportingOverflow(by: storage.format.byteWidth)
        guard !overflow, bytes.count == expectedBytes else {
            throw .invalidTensorData(
                file: file.name, tensor: name,
                reason: "storage '\(storage.key)' holds \(bytes.count) bytes, the pickle says "
                    + "\(storage.elementCount) \(storage.format) elements")
        }
        try StoredTensor.validateView(
            name: name, file: file.name, shape: tensor.shape, strides: tensor.strides,
            elementOffset: tensor.elementOffset, storageElementCount: storage.elementCount)
        return StoredTensor(
            name: name, format: storage.format, shape: tensor.shape, file: file, storageBytes: bytes,
            elementOffset: tensor.elementOffset, strides: tensor.strides)
    }
}
