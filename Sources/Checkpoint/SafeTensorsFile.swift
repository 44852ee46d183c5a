import Foundation
import JSONDocument
import TensorCore

/// Reads the tensor table of a `.safetensors` file (huggingface/safetensors "Format"):
/// an unsigned little-endian u64 header length N, N bytes of JSON, then the data buffer that the
/// header's `data_offsets` index.
///
/// Every offset is checked against the file, byte lengths against shape × dtype, and the tensors
/// must tile the data buffer exactly (no overlap, no holes), as the reference implementation requires.
enum SafeTensorsFile {
    static func read(_ file: MappedFile) throws(CheckpointError) -> [StoredTensor] {
        let name = file.name
        guard let headerLength = file.unsignedInteger(at: 0, byteWidth: 8) else {
            throw .malformedFile(file: name, reason: "\(file.byteCount) bytes is too short for the 8-byte header length")
        }
        guard headerLength <= UInt64(file.byteCount - 8) else {
            throw .malformedFile(
                file: name, reason: "header length \(headerLength) runs past the end of the file (\(file.byteCount) bytes)")
        }
        let dataStart = 8 + Int(headerLength)
        let header = file.data(in: 8..<dataStart)
        guard header.first == UInt8(ascii: "{") else {
            throw .malformedFile(file: name, reason: "the JSON header does not start with '{'")
        }
        guard case let .object(entries) = try JSONValue.parse(header, file: name) else {
            throw .malformedFile(file: name, reason: "the JSON header is not an object")
        }
        let bufferSize = file.byteCount - dataStart

        var tensors: [StoredTensor] = []
        for entry in entries {
            if entry.key == "__metadata__" {
                guard case let .object(metadata) = entry.value, metadata.allSatisfy({ $0.value.stringValue != nil }) else {
                    throw .malformedFile(file: name, reason: "__metadata__ must map strings to strings")
                }
                continue
            }
            tensors.append(try tensor(entry.key, entry.value, file: file, dataStart: dataStart, bufferSize: bufferSize))
        }
        try checkTiling(tensors, dataStart: dataStart, bufferSize: bufferSize, file: name)
        return tensors
    }

    private static func tensor(
        _ tensorName: String, _ entry: JSONValue, file: MappedFile, dataStart: Int, bufferSize: Int
    ) throws(CheckpointError) -> StoredTensor {
        let name = file.name
        guard case let .object(members) = entry, Set(members.keys) == ["dtype", "shape", "data_offsets"] else {
            throw .invalidTensorData(
                file: name, tensor: tensorName, reason: "the header entry must have exactly dtype, shape and data_offsets")
        }
        guard case let .string(dtype) = members["dtype"] else {
            throw .invalidTensorData(file: name, tensor: tensorName, reason: "dtype is not a string")
        }
        guard case let .array(dimensions) = members["shape"],
              let shape = Optional(dimensions.compactMap(\.integer)), shape.count == dimensions.count,
              shape.allSatisfy({ $0 >= 0 }) else {
            throw .invalidTensorData(file: name, tensor: tensorName, reason: "shape is not a list of non-negative integers")
        }
        guard case let .array(offsets) = members["data_offsets"], offsets.count == 2,
              let begin = offsets[0].integer, let end = offsets[1].integer, begin >= 0, begin <= end else {
            throw .invalidTensorData(file: name, tensor: tensorName, reason: "data_offsets is not [begin, end] with begin <= end")
        }
        guard let format = format(ofSafeTensorsDType: dtype) else {
            throw .unsupportedDType(file: name, tensor: tensorName, dtype: dtype)
        }
        guard end <= bufferSize else {
            throw .invalidTensorData(
                file: name, tensor: tensorName,
                reason: "data_offsets [\(begin), \(end)] run past the data buffer (\(bufferSize) bytes)")
        }
        let strides = StoredTensor.contiguousStrides(for: shape)
        guard let elementCount = StoredTensor.elementCount(of: shape) else {
            throw .invalidTensorData(file: name, tensor: tensorName, reason: "shape \(shape) is too large")
        }
        guard elementCount * format.byteWidth == end - begin else {
            throw .invalidTensorData(
                file: name, tensor: tensorName,
                reason: "shape \(shape) of \(dtype) needs \(elementCount * format.byteWidth) bytes, "
                    + "data_offsets [\(begin), \(end)] hold \(end - begin)")
        }
        return StoredTensor(
            name: tensorName, format: format, shape: shape, file: file,
            storageBytes: (dataStart + begin)..<(dataStart + end), elementOffset: 0, strides: strides)
    }

    /// The tensors must cover the data buffer exactly once.
    private static func checkTiling(
        _ tensors: [StoredTensor], dataStart: Int, bufferSize: Int, file: String
    ) throws(CheckpointError) {
        var position = dataStart
        var previous = "the header"
        for tensor in tensors.sorted(by: { ($0.storageBytes.lowerBound, $0.storageBytes.upperBound) < ($1.storageBytes.lowerBound, $1.storageBytes.upperBound) }) {
            let range = tensor.storageBytes
            if range.lowerBound < position {
                throw .invalidTensorData(
                    file: file, tensor: tensor.name,
                    reason: "data_offsets [\(range.lowerBound - dataStart), \(range.upperBound - dataStart)] overlap '\(previous)'")
            }
            if range.lowerBound > position {
                throw .invalidTensorData(
                    file: file, tensor: tensor.name,
                    reason: "bytes \(position - dataStart)..<\(range.lowerBound - dataStart) of the data buffer before it belong to no tensor")
            }
            position = range.upperBound
            previous = tensor.name
        }
        if position != dataStart + bufferSize {
            throw .malformedFile(
                file: file, reason: "the last \(dataStart + bufferSize - position) bytes of the data buffer belong to no tensor")
        }
    }

    /// safetensors dtype strings the loader converts; others (BOOL, I64, F64, F8_*) are refused.
    static func format(ofSafeTensorsDType dtype: String) -> StorageFormat? {
        switch dtype {
        case "F32": .float32
        case "F16": .float16
        case "BF16": .bfloat16
        default: nil
        }
    }
}
