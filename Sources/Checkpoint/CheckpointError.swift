/// Everything that can go wrong while reading a checkpoint, a configuration or an adapter.
///
/// Every case names the file it concerns (the last path component is enough to find it in the
/// checkpoint directory) and, where there is one, the tensor or key.
public enum CheckpointError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The directory lacks a file the format needs (config.json, a shard, the weights).
    case missingFile(directory: String, expected: String)
    /// `open`, `fstat` or `mmap` failed; `reason` carries the errno text.
    case unreadableFile(file: String, reason: String)
    /// The file is not what its format says (truncated, bad JSON, bad ZIP or pickle structure).
    case malformedFile(file: String, reason: String)
    /// A tensor's offsets, byte length, shape or storage do not agree with each other or the file.
    case invalidTensorData(file: String, tensor: String, reason: String)
    /// A tensor is stored in a dtype the loader does not convert (only F32, F16 and BF16 are).
    case unsupportedDType(file: String, tensor: String, dtype: String)
    /// A pickle names a global outside the small set a PyTorch state dict needs; nothing is executed.
    case disallowedPickleGlobal(file: String, module: String, name: String)
    /// A torch ZIP archive lacks an entry that its pickle refers to.
    case missingZipEntry(file: String, entry: String)
    /// The LLaMA architecture needs this tensor and no weight file has it.
    case missingTensor(name: String, file: String)
    /// A weight file holds a tensor the LLaMA architecture does not have.
    case unexpectedTensor(name: String, file: String)
    /// Two weight files (or one file twice) hold a tensor of this name.
    case duplicateTensor(name: String, file: String)
    /// A tensor's shape differs from the one the configuration implies.
    case shapeMismatch(tensor: String, file: String, expected: [Int], actual: [Int])
    /// A configuration or adapter key has a value the harness does not implement.
    case unsupportedConfiguration(file: String, key: String, value: String)
    /// A configuration key has a value of the wrong type or range.
    case invalidConfiguration(file: String, key: String, reason: String)
    /// An adapter tensor's shape does not fit the base weight it modifies.
    case adapterShapeMismatch(tensor: String, file: String, expected: [Int], actual: [Int])
    /// Adapter tensors that belong to no targeted module; merging without them would silently drop them.
    case unusedAdapterTensors(file: String, names: [String])

    public var description: String {
        switch self {
        case let .missingFile(directory, expected):
            "\(directory): no \(expected) found"
        case let .unreadableFile(file, reason):
            "\(file): cannot read the file: \(reason)"
        case let .malformedFile(file, reason):
            "\(file): malformed file: \(reason)"
        case let .invalidTensorData(file, tensor, reason):
            "\(file): tensor '\(tensor)': \(reason)"
        case let .unsupportedDType(file, tensor, dtype):
            "\(file): tensor '\(tensor)' has dtype \(dtype); only F32, F16 and BF16 are supported"
        case let .disallowedPickleGlobal(file, module, name):
            "\(file): the pickle refers to '\(module).\(name)', outside the globals a state dict of F32, F16 "
                + "and BF16 tensors needs; refusing to load it (nothing in the pickle was executed)"
        case let .missingZipEntry(file, entry):
            "\(file): the archive has no entry '\(entry)'"
        case let .missingTensor(name, file):
            "\(file): missing tensor '\(name)'"
        case let .unexpectedTensor(name, file):
            "\(file): unexpected tensor '\(name)' (not part of the LLaMA architecture as configured)"
        case let .duplicateTensor(name, file):
            "\(file): tensor '\(name)' is stored more than once"
        case let .shapeMismatch(tensor, file, expected, actual):
            "\(file): tensor '\(tensor)' has shape \(actual), the configuration implies \(expected)"
        case let .unsupportedConfiguration(file, key, value):
            "\(file): unsupported \(key) = \(value)"
        case let .invalidConfiguration(file, key, reason):
            "\(file): invalid \(key): \(reason)"
        case let .adapterShapeMismatch(tensor, file, expected, actual):
            "\(file): adapter tensor '\(tensor)' has shape \(actual), the base model needs \(expected)"
        case let .unusedAdapterTensors(file, names):
            "\(file): \(names.count) adapter tensor(s) match no targeted module: "
                + names.prefix(5).joined(separator: ", ") + (names.count > 5 ? ", …" : "")
        }
    }
}
