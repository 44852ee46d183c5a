import Foundation
import SwiftProtobuf

/// A SentencePiece BPE model read from `tokenizer.model`, with the lookup tables that
/// sentencepiece's `ModelInterface` builds at load time.
struct SentencePieceModel: Sendable {
    enum PieceType: Sendable, Equatable {
        case normal, unknown, control, userDefined, unused, byte
    }

    struct Piece: Sendable {
        let text: String
        let score: Float
        let type: PieceType
    }

    let pieces: [Piece]
    /// NORMAL, USER_DEFINED and UNUSED pieces: the ones the merge loop may produce (sentencepiece's `pieces_`).
    let mergeablePieceIDs: [ExactString: Int]
    /// UNKNOWN, CONTROL and BYTE pieces (sentencepiece's `reserved_id_map_`).
    let reservedPieceIDs: [ExactString: Int]
    /// For every mergeable piece that splits into two mergeable pieces: (left id, right id) -> merged id.
    let mergedPieceByPair: [UInt64: Int]
    /// USER_DEFINED pieces as UTF-8, matched whole (longest first) before merging.
    let userDefinedPieces: [[UInt8]]
    /// `<0xXX>` piece id for each byte value, when byte_fallback is on.
    let bytePieceIDs: [Int?]
    let unknownID: Int
    let byteFallback: Bool
    let normalizer: SentencePieceNormalizer
    let unknownSurface: String
    let bosPiece: String
    let eosPiece: String
    let padPiece: String
    let unknownPiece: String

    /// Parses a serialized ModelProto and checks it the way sentencepiece's loader does.
    init(serialized data: Data, file: String) throws(TokenizationError) {
        let proto: SentencePieceModelProto
        do {
            proto = try SentencePieceModelProto(serializedBytes: data)
        } catch {
            throw .invalidProtobuf(file: file, reason: String(describing: error))
        }
        guard !proto.pieces.isEmpty else {
            throw .invalidProtobuf(file: file, reason: "the model has no pieces")
        }
        let trainer = proto.trainerSpec
        guard trainer.modelType == .bpe else {
            throw .unsupported(
                file: file,
                feature: "SentencePiece model_type \(trainer.modelType) (only BPE is implemented)")
        }
        guard !trainer.treatWhitespaceAsSuffix else {
            throw .unsupported(file: file, feature: "trainer_spec.treat_whitespace_as_suffix = true")
        }
        // sentencepiece runs decoded text through a denormalizer when this chars map is non-empty.
        guard proto.denormalizerSpec.precompiledCharsmap.isEmpty else {
            throw .unsupported(file: file, feature: "denormalizer_spec with a precompiled_charsmap")
        }

        var pieces: [Piece] = []
        pieces.reserveCapacity(proto.pieces.count)
        var mergeable: [ExactString: Int] = [:]
        var reserved: [ExactString: Int] = [:]
        var userDefined: [[UInt8]] = []
        var unknownID: Int?
        var bytePieceIDs = [Int?](repeating: nil, count: 256)
        for (id, entry) in proto.pieces.enumerated() {
            guard !entry.piece.isEmpty else {
                throw .inconsistent(file: file, reason: "piece \(id) is empty")
            }
            let type: PieceType
            switch entry.type {
            case .normal: type = .normal
            case .unknown: type = .unknown
            case .control: type = .control
            case .userDefined: type = .userDefined
            case .unused: type = .unused
            case .byte: type = .byte
            }
            let isMergeable = type == .normal || type == .userDefined || type == .unused
            if isMergeable {
                guard mergeable.updateValue(id, forKey: ExactString(entry.piece)) == nil else {
                    throw .inconsistent(file: file, reason: "piece \(id) \"\(entry.piece)\" is already defined")
                }
            } else {
                guard reserved.updateValue(id, forKey: ExactString(entry.piece)) == nil else {
                    throw .inconsistent(file: file, reason: "piece \(id) \"\(entry.piece)\" is already defined")
                }
            }
            switch type {
            case .userDefined:
                userDefined.append(Array(entry.piece.utf8))
            case .unknown:
                guard unknownID == nil else {
                    throw .inconsistent(file: file, reason: "more than one UNKNOWN piece (ids \(unknownID ?? 0) and \(id))")
                }
                unknownID = id
            case .byte:
                guard trainer.byteFallback else {
                    throw .inconsistent(file: file, reason: "BYTE piece \(id) found but byte_fallback is false")
                }
                guard let value = Self.byteValue(ofPiece: entry.piece) else {
                    throw .inconsistent(file: file, reason: "BYTE piece \(id) \"\(entry.piece)\" is not of the form <0xXX>")
                }
                bytePieceIDs[Int(value)] = id
            default:
                break
            }
            pieces.append(Piece(text: entry.piece, score: entry.score, type: type))
        }
        guard let unknownID else {
            throw .inconsistent(file: file, reason: "the model defines no UNKNOWN piece")
        }

        // Every way of writing a mergeable piece as two mergeable pieces. The merge loop looks a pair up
        // here instead of hashing the concatenated string; symbols that are not pieces (unknown
        // characters) fall back to the string table.
        var pairs: [UInt64: Int] = [:]
        for (key, id) in mergeable {
            let scalars = Array(key.string.unicodeScalars)
            guard scalars.count > 1 else { continue }
            for split in 1..<scalars.count {
                let left = String(scalars: scalars[..<split])
                let right = String(scalars: scalars[split...])
                if let leftID = mergeable[ExactString(left)], let rightID = mergeable[ExactString(right)] {
                    pairs[Self.pairKey(leftID, rightID)] = id
                }
            }
        }

        let normalizerSpec = proto.normalizerSpec
        let charsMap: PrecompiledCharsMap?
        if normalizerSpec.precompiledCharsmap.isEmpty {
            charsMap = nil
        } else {
            charsMap = try PrecompiledCharsMap(blob: normalizerSpec.precompiledCharsmap, file: file)
        }

        self.pieces = pieces
        self.mergeablePieceIDs = mergeable
        self.reservedPieceIDs = reserved
        self.mergedPieceByPair = pairs
        // Longest first, so the first match is sentencepiece's longest prefix match.
        self.userDefinedPieces = userDefined.sorted { $0.count > $1.count }
        self.bytePieceIDs = bytePieceIDs
        self.unknownID = unknownID
        self.byteFallback = trainer.byteFallback
        self.normalizer = SentencePieceNormalizer(
            addDummyPrefix: normalizerSpec.addDummyPrefix,
            removeExtraWhitespaces: normalizerSpec.removeExtraWhitespaces,
            escapeWhitespaces: normalizerSpec.escapeWhitespaces,
            charsMap: charsMap,
            userDefinedPieces: self.userDefinedPieces)
        self.unknownSurface = trainer.unkSurface
        self.bosPiece = trainer.bosPiece
        self.eosPiece = trainer.eosPiece
        self.padPiece = trainer.padPiece
        self.unknownPiece = trainer.unkPiece
    }

    static func pairKey(_ left: Int, _ right: Int) -> UInt64 {
        UInt64(truncatingIfNeeded: left) << 32 | UInt64(truncatingIfNeeded: right)
    }

    /// sentencepiece's `PieceToId`: reserved pieces first, then mergeable ones, else the unknown id.
    func id(ofPiece piece: String) -> Int {
        reservedPieceIDs[ExactString(piece)] ?? mergeablePieceIDs[ExactString(piece)] ?? unknownID
    }

    /// The id of a piece that exists, or nil (no unknown fallback); used for special-token strings.
    func exactID(ofPiece piece: String) -> Int? {
        reservedPieceIDs[ExactString(piece)] ?? mergeablePieceIDs[ExactString(piece)]
    }

    /// `<0x41>` -> 0x41; sentencepiece writes two upper-case hex digits.
    static func byteValue(ofPiece piece: String) -> UInt8? {
        let bytes = Array(piece.utf8)
        guard bytes.count == 6, bytes[0] == UInt8(ascii: "<"), bytes[1] == UInt8(ascii: "0"),
            bytes[2] == UInt8(ascii: "x"), bytes[5] == UInt8(ascii: ">")
        else { return nil }
        return UInt8(String(decoding: bytes[3..<5], as: UTF8.self), radix: 16)
    }
}
