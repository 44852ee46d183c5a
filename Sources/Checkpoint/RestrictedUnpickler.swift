import Foundation
import TensorCore

/// Values a PyTorch state-dict pickle can build. There are no arbitrary objects: a global is one
/// of `AllowedGlobal`, and calling one (REDUCE) is interpreted here, never executed.
enum PickleValue {
    case none
    case bool(Bool)
    case int(Int)
    case string(String)
    case tuple([PickleValue])
    case global(AllowedGlobal)
    case storage(TorchStorage)
    case tensor(TorchTensor)
    case dictionary(PickleDictionary)

    var kind: String {
        switch self {
        case .none: "None"
        case .bool: "bool"
        case .int: "int"
        case .string: "str"
        case .tuple: "tuple"
        case .global: "global"
        case .storage: "storage"
        case .tensor: "tensor"
        case .dictionary: "dict"
        }
    }
}

/// A dict or OrderedDict; a class because SETITEM(S) and BUILD mutate the object a memo entry refers to.
final class PickleDictionary {
    var entries: [(key: PickleValue, value: PickleValue)] = []
}

/// The globals `torch.save` writes for a state dict of F32, F16 and BF16 tensors.
enum AllowedGlobal {
    case orderedDict
    case rebuildTensor
    case storageType(StorageFormat)

    init?(module: String, name: String) {
        switch (module, name) {
        case ("collections", "OrderedDict"): self = .orderedDict
        case ("torch._utils", "_rebuild_tensor_v2"): self = .rebuildTensor
        case ("torch", "FloatStorage"): self = .storageType(.float32)
        case ("torch", "HalfStorage"): self = .storageType(.float16)
        case ("torch", "BFloat16Storage"): self = .storageType(.bfloat16)
        default: return nil
        }
    }
}

/// A typed storage named by a persistent id: the ZIP entry `<prefix>/data/<key>` holds its bytes.
struct TorchStorage {
    let format: StorageFormat
    let key: String
    let elementCount: Int
}

/// `_rebuild_tensor_v2(storage, offset, size, stride, requires_grad, hooks)`: a view into a storage.
struct TorchTensor {
    let storage: TorchStorage
    let elementOffset: Int
    let shape: [Int]
    let strides: [Int]
}

/// A pickle interpreter for exactly the opcodes `torch.save` emits for a state dict (protocol 2,
/// plus the few protocol-4 framing opcodes). Any other opcode or global is an error; nothing in
/// the pickle is ever called.
struct RestrictedUnpickler {
    private let bytes: [UInt8]
    private let file: String
    private var position = 0
    private var stack: [PickleValue] = []
    private var marks: [Int] = []
    private var memo: [Int: PickleValue] = [:]

    private init(bytes: [UInt8], file: String) {
        self.bytes = bytes
        self.file = file
    }

    /// Interprets `data` and returns the value STOP leaves on the stack.
    static func unpickle(_ data: Data, file: String) throws(CheckpointError) -> PickleValue {
        var machine = RestrictedUnpickler(bytes: [UInt8](data), file: file)
        return try machine.run()
    }

    private func malformed(_ reason: String) -> CheckpointError {
        .malformedFile(file: file, reason: "pickle: \(reason) (byte \(position))")
    }

    private mutating func run() throws(CheckpointError) -> PickleValue {
        while true {
            let opcode = try readByte()
            switch opcode {
            case 0x80:  // PROTO
                let version = try readByte()
                guard (2...5).contains(version) else { throw malformed("unsupported protocol \(version)") }
            case 0x95:  // FRAME: a length hint only
                _ = try readInteger(width: 8)
            case 0x2E:  // STOP
                let result = try pop()
                return result
            case 0x28:  // MARK
                marks.append(stack.count)
            case 0x7D:  // EMPTY_DICT
                stack.append(.dictionary(PickleDictionary()))
            case 0x29:  // EMPTY_TUPLE
                stack.append(.tuple([]))
            case 0x74:  // TUPLE
                stack.append(.tuple(try popToMark()))
            case 0x85, 0x86, 0x87:  // TUPLE1, TUPLE2, TUPLE3
                let count = Int(opcode - 0x84)
                guard stack.count >= count + (marks.last ?? 0) else { throw malformed("stack underflow") }
                let items = Array(stack.suffix(count))
                stack.removeLast(count)
                stack.append(.tuple(items))
            case 0x4E:  // NONE
                stack.append(.none)
            case 0x88:  // NEWTRUE
                stack.append(.bool(true))
            case 0x89:  // NEWFALSE
                stack.append(.bool(false))
            case 0x4B:  // BININT1
                stack.append(.int(Int(try readByte())))
            case 0x4D:  // BININT2
                stack.append(.int(Int(try readInteger(width: 2))))
            case 0x4A:  // BININT: signed 32-bit
                stack.append(.int(Int(Int32(truncatingIfNeeded: try readInteger(width: 4)))))
            case 0x8A:  // LONG1: little-endian two's complement of n bytes
                let count = Int(try readByte())
                guard count <= 8 else { throw malformed("LONG1 of \(count) bytes") }
                let raw = count == 0 ? 0 : try readInteger(width: count)
                var value = Int(truncatingIfNeeded: raw)  // two's complement when count is 8
                if count > 0, count < 8, raw >= 1 << (8 * count - 1) { value -= 1 << (8 * count) }
                stack.append(.int(value))
            case 0x58:  // BINUNICODE
                stack.append(.string(try readString(length: Int(try readInteger(width: 4)))))
            case 0x8C:  // SHORT_BINUNICODE
                stack.append(.string(try readString(length: Int(try readByte()))))
            case 0x71:  // BINPUT
                memo[Int(try readByte())] = try top()
            case 0x72:  // LONG_BINPUT
                memo[Int(try readInteger(width: 4))] = try top()
            case 0x94:  // MEMOIZE
                memo[memo.count] = try top()
            case 0x68:  // BINGET
                stack.append(try recall(Int(try readByte())))
            case 0x6A:  // LONG_BINGET
                stack.append(try recall(Int(try readInteger(width: 4))))
            case 0x63:  // GLOBAL "module\nname\n"
                let module = try readLine()
                let name = try readLine()
                stack.append(.global(try allowedGlobal(module: module, name: name)))
            case 0x93:  // STACK_GLOBAL
                let name = try pop()
                let module = try pop()
                guard case let .string(moduleName) = module, case let .string(globalName) = name else {
                    throw malformed("STACK_GLOBAL needs two strings")
                }
                stack.append(.global(try allowedGlobal(module: moduleName, name: globalName)))
            case 0x51:  // BINPERSID
                stack.append(.storage(try persistentStorage(try pop())))
            case 0x52:  // REDUCE
                let arguments = try pop()
                let callable = try pop()
                stack.append(try reduce(callable, arguments))
            case 0x73:  // SETITEM
                let value = try pop()
                let key = try pop()
                try dictionaryOnTop().entries.append((key, value))
            case 0x75:  // SETITEMS
                let items = try popToMark()
                guard items.count % 2 == 0 else { throw malformed("SETITEMS with an odd number of items") }
                let dictionary = try dictionaryOnTop()
                for index in stride(from: 0, to: items.count, by: 2) {
                    dictionary.entries.append((items[index], items[index + 1]))
                }
            case 0x62:  // BUILD: a state dict's OrderedDict carries `_metadata` as instance state; not needed
                let state = try pop()
                _ = try dictionaryOnTop()
                guard case .dictionary = state else { throw malformed("BUILD with a \(state.kind) state") }
            default:
                position -= 1
                throw malformed(String(format: "opcode 0x%02X is not one torch.save writes for a state dict", opcode))
            }
        }
    }

    // MARK: - Interpreting calls

    private func allowedGlobal(module: String, name: String) throws(CheckpointError) -> AllowedGlobal {
        guard let global = AllowedGlobal(module: module, name: name) else {
            throw .disallowedPickleGlobal(file: file, module: module, name: name)
        }
        return global
    }

    /// `('storage', <StorageType>, key, location, numel)`.
    private func persistentStorage(_ identifier: PickleValue) throws(CheckpointError) -> TorchStorage {
        guard case let .tuple(fields) = identifier, fields.count == 5,
              case .string("storage") = fields[0],
              case let .global(.storageType(format)) = fields[1],
              case let .string(key) = fields[2],
              case .string = fields[3],
              case let .int(count) = fields[4], count >= 0 else {
            throw malformed("a persistent id is not ('storage', type, key, location, numel)")
        }
        return TorchStorage(format: format, key: key, elementCount: count)
    }

    private func reduce(_ callable: PickleValue, _ arguments: PickleValue) throws(CheckpointError) -> PickleValue {
        guard case let .tuple(values) = arguments else { throw malformed("REDUCE arguments are a \(arguments.kind)") }
        switch callable {
        case .global(.orderedDict):
            guard values.isEmpty else { throw malformed("OrderedDict called with arguments") }
            return .dictionary(PickleDictionary())
        case .global(.rebuildTensor):
            // (storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
            guard values.count == 6 || values.count == 7,
                  case let .storage(storage) = values[0],
                  case let .int(offset) = values[1],
                  let shape = integers(values[2]), let strides = integers(values[3]),
                  case .bool = values[4] else {
                throw malformed("_rebuild_tensor_v2 called with unexpected arguments")
            }
            for hooks in values[5...] {
                guard case let .dictionary(dictionary) = hooks, dictionary.entries.isEmpty else {
                    throw malformed("_rebuild_tensor_v2 with backward hooks or metadata")
                }
            }
            return .tensor(TorchTensor(storage: storage, elementOffset: offset, shape: shape, strides: strides))
        default:
            throw malformed("REDUCE on a \(callable.kind), which is not callable here")
        }
    }

    private func integers(_ value: PickleValue) -> [Int]? {
        guard case let .tuple(items) = value else { return nil }
        var result: [Int] = []
        for item in items {
            guard case let .int(number) = item else { return nil }
            result.append(number)
        }
        return result
    }

    // MARK: - Stack and input

    private mutating func pop() throws(CheckpointError) -> PickleValue {
        guard stack.count > (marks.last ?? 0) else { throw malformed("stack underflow") }
        return stack.removeLast()
    }

    private func top() throws(CheckpointError) -> PickleValue {
        guard let value = stack.last else { throw malformed("memoizing an empty stack") }
        return value
    }

    private mutating func popToMark() throws(CheckpointError) -> [PickleValue] {
        guard let mark = marks.popLast() else { throw malformed("no MARK") }
        let items = Array(stack[mark...])
        stack.removeSubrange(mark...)
        return items
    }

    private func dictionaryOnTop() throws(CheckpointError) -> PickleDictionary {
        guard case let .dictionary(dictionary) = stack.last else { throw malformed("setting items on a non-dict") }
        return dictionary
    }

    private func recall(_ index: Int) throws(CheckpointError) -> PickleValue {
        guard let value = memo[index] else { throw malformed("memo \(index) was never stored") }
        return value
    }

    private mutating func readByte() throws(CheckpointError) -> UInt8 {
        guard position < bytes.count else { throw malformed("ends without STOP") }
        defer { position += 1 }
        return bytes[position]
    }

    private mutating func readInteger(width: Int) throws(CheckpointError) -> UInt64 {
        guard bytes.count - position >= width else { throw malformed("ends inside an argument") }
        var value: UInt64 = 0
        for index in (0..<width).reversed() { value = value << 8 | UInt64(bytes[position + index]) }
        position += width
        return value
    }

    private mutating func readString(length: Int) throws(CheckpointError) -> String {
        guard length >= 0, bytes.count - position >= length else { throw malformed("ends inside a string") }
        guard let text = String(validating: bytes[position..<(position + length)], as: UTF8.self) else {
            throw malformed("a string is not UTF-8")
        }
        position += length
        return text
    }

    private mutating func readLine() throws(CheckpointError) -> String {
        guard let end = bytes[position...].firstIndex(of: 0x0A) else { throw malformed("ends inside GLOBAL") }
        guard let text = String(validating: bytes[position..<end], as: UTF8.self) else {
            throw malformed("a GLOBAL name is not UTF-8")
        }
        position = end + 1
        return text
    }
}
