import Foundation
import Testing
@testable import Checkpoint

@Suite("SafeTensorsFile")
struct SafeTensorsFileTests {
    private func read(_ bytes: [UInt8]) throws -> [StoredTensor] {
        let directory = try TestDirectory()
        let file = try MappedFile(url: try directory.write("model.safetensors", bytes))
        return try SafeTensorsFile.read(file)
    }

    /// Runs `read` and returns the CheckpointError it throws (recording an issue if there is none).
    private func error(reading bytes: [UInt8]) throws -> CheckpointError? {
        let directory = try TestDirectory()
        let file = try MappedFile(url: try directory.write("model.safetensors", bytes))
        return #expect(throws: CheckpointError.self) { try SafeTensorsFile.read(file) }
    }

    private func twoTensors() -> SafeTensorsWriter {
        var writer = SafeTensorsWriter()
        writer.add("a", shape: [2, 2], values: [1, 2, 3, 4])
        writer.add("b", shape: [3], values: [5, 6, 7])
        return writer
    }

    @Test("reads names, shapes and values, with a space-padded header")
    func readsTensors() throws {
        let tensors = try read(twoTensors().bytes())
        #expect(tensors.map(\.name).sorted() == ["a", "b"])
        let b = try #require(tensors.first { $0.name == "b" })
        #expect(b.shape == [3])
        #expect(Array(b.convert()) == [5, 6, 7])
    }

    @Test("refuses a file shorter than the 8-byte header length")
    func truncatedLength() throws {
        guard case let .malformedFile(_, reason)? = try error(reading: [1, 0, 0]) else {
            Issue.record("expected malformedFile")
            return
        }
        #expect(reason.contains("too short"))
    }

    @Test("refuses a truncated file: the data buffer ends before the tensors do")
    func truncatedData() throws {
        let bytes = Array(twoTensors().bytes().dropLast(4))
        guard case let .invalidTensorData(_, "b", reason)? = try error(reading: bytes) else {
            Issue.record("expected invalidTensorData for b")
            return
        }
        #expect(reason.contains("run past the data buffer"))
    }

    @Test("refuses a header length past the end of the file")
    func headerLengthPastEnd() throws {
        guard case let .malformedFile(_, reason)? = try error(reading: twoTensors().bytes(declaredHeaderLength: 1 << 40)) else {
            Issue.record("expected malformedFile")
            return
        }
        #expect(reason.contains("header length 1099511627776 runs past the end"))
    }

    @Test("refuses a header that is not valid JSON")
    func invalidJSON() throws {
        guard case let .malformedFile(_, reason)? = try error(reading: twoTensors().bytes(header: #"{"a": {"dtype": "F32""#)) else {
            Issue.record("expected malformedFile")
            return
        }
        #expect(reason.contains("invalid JSON"))
    }

    @Test("refuses a header that does not start with '{'")
    func headerNotAnObject() throws {
        guard case let .malformedFile(_, reason)? = try error(reading: twoTensors().bytes(header: "[1, 2]")) else {
            Issue.record("expected malformedFile")
            return
        }
        #expect(reason.contains("does not start with '{'"))
    }

    @Test("refuses data_offsets outside the data buffer")
    func offsetsOutOfRange() throws {
        var writer = twoTensors()
        writer.entries[1].offsets = (16, 40)
        guard case let .invalidTensorData(_, "b", reason)? = try error(reading: writer.bytes()) else {
            Issue.record("expected invalidTensorData for b")
            return
        }
        #expect(reason.contains("[16, 40] run past the data buffer (28 bytes)"))
    }

    @Test("refuses overlapping data_offsets")
    func overlappingOffsets() throws {
        var writer = twoTensors()
        writer.entries[1].offsets = (12, 24)  // b starts inside a (bytes 0..<16)
        guard case let .invalidTensorData(_, "b", reason)? = try error(reading: writer.bytes()) else {
            Issue.record("expected invalidTensorData for b")
            return
        }
        #expect(reason.contains("overlap 'a'"))
    }

    @Test("refuses bytes that belong to no tensor")
    func holeInBuffer() throws {
        var writer = twoTensors()
        writer.entries[1].offsets = (20, 32)
        writer.entries[1].bytes += [0, 0, 0, 0]
        guard case let .invalidTensorData(_, "b", reason)? = try error(reading: writer.bytes()) else {
            Issue.record("expected invalidTensorData for b")
            return
        }
        #expect(reason.contains("belong to no tensor"))
    }

    @Test("refuses a shape whose byte length disagrees with data_offsets")
    func shapeDisagreesWithLength() throws {
        var writer = twoTensors()
        writer.entries[0].shape = [2, 3]
        guard case let .invalidTensorData(_, "a", reason)? = try error(reading: writer.bytes()) else {
            Issue.record("expected invalidTensorData for a")
            return
        }
        #expect(reason.contains("shape [2, 3] of F32 needs 24 bytes, data_offsets [0, 16] hold 16"))
    }

    @Test("refuses dtypes it does not convert, naming the tensor", arguments: ["I64", "F64", "F8_E4M3", "Q4"])
    func unknownDType(dtype: String) throws {
        var writer = twoTensors()
        writer.entries[0].dtype = dtype
        #expect(try error(reading: writer.bytes()) == .unsupportedDType(file: "model.safetensors", tensor: "a", dtype: dtype))
    }

    @Test("converts F16 and BF16, including subnormals, infinities and the sign of zero")
    func halfPrecision() throws {
        var writer = SafeTensorsWriter()
        let halves: [Float16] = [1, -2.5, 0.000_061_035_156, 0.000_000_059_604_645, .infinity, -0]
        writer.add("h", dtype: "F16", shape: [6], bytes: SafeTensorsWriter.littleEndianBytes(halves.map(\.bitPattern)))
        let brains: [Float] = [1, -3.5, .greatestFiniteMagnitude.nextDown, -.infinity]
        writer.add("b", dtype: "BF16", shape: [2, 2], bytes: SafeTensorsWriter.littleEndianBytes(
            brains.map { UInt16(truncatingIfNeeded: $0.bitPattern >> 16) }))
        let tensors = try read(writer.bytes())
        let h = try #require(tensors.first { $0.name == "h" }).convert()
        #expect(Array(h).map(\.bitPattern) == halves.map { Float($0).bitPattern })
        let b = try #require(tensors.first { $0.name == "b" }).convert()
        #expect(Array(b).map(\.bitPattern) == brains.map { $0.bitPattern & 0xFFFF_0000 })
    }
}
