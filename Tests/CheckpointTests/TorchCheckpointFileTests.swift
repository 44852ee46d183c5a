import Foundation
import Testing
@testable import Checkpoint

@Suite("TorchCheckpointFile")
struct TorchCheckpointFileTests {
    private let model = TinyLlama()

    /// A torch.save-shaped archive of the tiny model: every tensor in its own storage except
    /// lm_head, which views the second half of a storage it shares with a dummy prefix.
    private func writer(storageType: String = "HalfStorage") -> TorchFileWriter {
        var writer = TorchFileWriter()
        let dtype = storageType == "HalfStorage" ? "F16" : "F32"
        for (index, (name, shape)) in model.shapes.enumerated() {
            let count = shape.reduce(1, *)
            var values = TinyLlama.values(for: name, count: count)
            var offset = 0
            if name == "lm_head.weight" {
                values = Array(repeating: 9, count: 3) + values  // the view starts 3 elements in
                offset = 3
            }
            writer.storages["\(index)"] = TinyLlama.encode(values, dtype: dtype)
            writer.tensors.append(.init(
                name: name, storageType: storageType, storageKey: "\(index)", storageElements: values.count,
                offset: offset, shape: shape, strides: StoredTensor.contiguousStrides(for: shape)))
        }
        return writer
    }

    private func load(_ writer: TorchFileWriter) throws(CheckpointError) -> LlamaCheckpoint {
        let directory: TestDirectory
        do {
            directory = try TestDirectory()
            try directory.write("config.json", text: model.configJSON())
            try directory.write("pytorch_model.bin", writer.bytes())
        } catch {
            throw .unreadableFile(file: "test setup", reason: "\(error)")
        }
        return try LlamaCheckpoint.load(directory: directory.url)
    }

    @Test("loads a pytorch_model.bin state dict, honouring storage offsets", arguments: ["HalfStorage", "FloatStorage"])
    func loadsStateDict(storageType: String) throws {
        let checkpoint = try load(writer(storageType: storageType))
        for (name, shape) in model.shapes {
            #expect(Array(try #require(checkpoint.tensor(named: name)).values)
                == TinyLlama.values(for: name, count: shape.reduce(1, *)), "\(name)")
        }
        #expect(checkpoint.summary.files.map(\.name) == ["config.json", "pytorch_model.bin"])
    }

    @Test("reads ZIP64 records (sizes and offsets in extra fields, ZIP64 end record), as in files over 4 GiB")
    func zip64() throws {
        let directory = try TestDirectory()
        let file = try MappedFile(url: try directory.write("pytorch_model.bin", writer().bytes(zip64: true)))
        let tensors = try TorchCheckpointFile.read(file)
        #expect(tensors.count == model.shapes.count)
        let norm = try #require(tensors.first { $0.name == "model.norm.weight" })
        #expect(Array(norm.convert()) == TinyLlama.values(for: "model.norm.weight", count: 8))
    }

    @Test("loads a sharded .bin through pytorch_model.bin.index.json")
    func shardedBin() throws {
        let full = writer()
        let directory = try TestDirectory()
        try directory.write("config.json", text: model.configJSON())
        var weightMap: [String] = []
        for (shard, range) in [(1, 0..<4), (2, 4..<full.tensors.count)] {
            var part = TorchFileWriter()
            part.tensors = Array(full.tensors[range])
            for tensor in part.tensors { part.storages[tensor.storageKey] = full.storages[tensor.storageKey] }
            let name = "pytorch_model-0000\(shard)-of-00002.bin"
            try directory.write(name, part.bytes())
            weightMap += part.tensors.map { #""\#($0.name)": "\#(name)""# }
        }
        try directory.write("pytorch_model.bin.index.json", text: #"{"metadata": {}, "weight_map": {"# + weightMap.joined(separator: ", ") + "}}")
        let checkpoint = try LlamaCheckpoint.load(directory: directory.url)
        #expect(checkpoint.summary.files.count == 3)
        #expect(Array(checkpoint.finalNorm.values) == TinyLlama.values(for: "model.norm.weight", count: 8))
    }

    @Test("honours strides: a transposed view is gathered in row-major order")
    func stridedView() throws {
        var writer = writer(storageType: "FloatStorage")
        let index = try #require(writer.tensors.firstIndex { $0.name == "model.layers.0.self_attn.q_proj.weight" })
        let name = writer.tensors[index].name
        let values = TinyLlama.values(for: name, count: 64)
        // Store the transpose, and describe the tensor as its transposed view (strides [1, 8]).
        let transposed = (0..<64).map { values[($0 % 8) * 8 + $0 / 8] }
        writer.storages[writer.tensors[index].storageKey] = TinyLlama.encode(transposed, dtype: "F32")
        writer.tensors[index].strides = [1, 8]
        let checkpoint = try load(writer)
        #expect(Array(try #require(checkpoint.tensor(named: name)).values) == values)
    }

    @Test("refuses a pickle that names another global, without running it",
          arguments: [("os", "system"), ("builtins", "eval"), ("posix", "system"), ("torch", "load")])
    func disallowedGlobal(module: String, name: String) throws {
        var hostile = writer()
        hostile.injectedGlobal = (module, name)
        #expect(throws: CheckpointError.disallowedPickleGlobal(file: "pytorch_model.bin", module: module, name: name)) {
            try load(hostile)
        }
    }

    @Test("refuses a state dict whose storage entry is missing from the archive")
    func missingEntry() throws {
        var broken = writer()
        broken.storages["4"] = nil
        #expect(throws: CheckpointError.missingZipEntry(file: "pytorch_model.bin", entry: "archive/data/4")) {
            try load(broken)
        }
    }

    @Test("refuses a storage whose byte size disagrees with its element count")
    func storageSizeMismatch() throws {
        var broken = writer()
        broken.storages["0"]?.removeLast(2)
        let error = #expect(throws: CheckpointError.self) { try load(broken) }
        guard case let .invalidTensorData(_, "model.embed_tokens.weight", reason)? = error else {
            Issue.record("expected invalidTensorData, got \(String(describing: error))")
            return
        }
        #expect(reason.contains("holds 254 bytes"))
    }

    @Test("refuses a view that reaches past its storage")
    func viewPastStorage() throws {
        var broken = writer()
        broken.tensors[0].offset = 1
        let error = #expect(throws: CheckpointError.self) { try load(broken) }
        guard case let .invalidTensorData(_, "model.embed_tokens.weight", reason)? = error else {
            Issue.record("expected invalidTensorData, got \(String(describing: error))")
            return
        }
        #expect(reason.contains("reaches element 128 of a storage of 128"))
    }

    @Test("refuses a truncated archive")
    func truncatedArchive() throws {
        let directory = try TestDirectory()
        let file = try MappedFile(url: try directory.write("pytorch_model.bin", Array(writer().bytes().prefix(200))))
        let error = #expect(throws: CheckpointError.self) { try TorchCheckpointFile.read(file) }
        guard case let .malformedFile(_, reason)? = error else {
            Issue.record("expected malformedFile, got \(String(describing: error))")
            return
        }
        #expect(reason.contains("not a valid ZIP archive"))
    }

    @Test("reads protocol-4 framing, short strings, memoize and LONG1 integers of every width")
    func protocolFourOpcodes() throws {
        var bytes: [UInt8] = [0x80, 4, 0x95] + [UInt8](repeating: 0, count: 8) + [0x7D, 0x94]  // PROTO, FRAME, EMPTY_DICT, MEMOIZE
        bytes += [0x8C, 1, UInt8(ascii: "a"), 0x8A, 8] + [UInt8](repeating: 0xFF, count: 8) + [0x73]  // 'a': -1
        bytes += [0x8C, 1, UInt8(ascii: "b"), 0x8A, 2, 0x00, 0x80, 0x73]  // 'b': -32768
        bytes += [0x8C, 1, UInt8(ascii: "c"), 0x8A, 0, 0x73, 0x2E]  // 'c': 0, STOP
        guard case let .dictionary(dictionary) = try RestrictedUnpickler.unpickle(Data(bytes), file: "x") else {
            Issue.record("expected a dict")
            return
        }
        let values = dictionary.entries.map { entry -> Int? in if case let .int(value) = entry.value { value } else { nil } }
        #expect(values == [-1, -32768, 0])
    }

    @Test("refuses pickle opcodes outside the state-dict subset")
    func unknownOpcode() throws {
        let bytes: [UInt8] = [0x80, 2, 0x7D, 0x47] + [UInt8](repeating: 0, count: 8) + [0x2E]  // BINFLOAT
        let error = #expect(throws: CheckpointError.self) { try RestrictedUnpickler.unpickle(Data(bytes), file: "x") }
        guard case let .malformedFile(_, reason)? = error else {
            Issue.record("expected malformedFile, got \(String(describing: error))")
            return
        }
        #expect(reason.contains("opcode 0x47"))
    }
}
