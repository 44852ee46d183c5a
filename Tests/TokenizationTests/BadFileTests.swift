import Foundation
import SwiftProtobuf
import Testing

@testable import Tokenization

/// Broken or unsupported files give a TokenizationError that names the file and the problem.
@Suite("Bad tokenizer files are rejected with a specific error")
struct BadFileTests {
    /// A fresh directory holding copies of the named fixture files plus the given extra files.
    static func directory(copying files: [String] = [], from fixture: String = "tokenizer", writing extra: [String: Data] = [:]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("reckon-tokenization-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for name in files {
            try FileManager.default.copyItem(
                at: FixturePaths.directory(fixture).appendingPathComponent(name), to: url.appendingPathComponent(name))
        }
        for (name, data) in extra { try data.write(to: url.appendingPathComponent(name)) }
        return url
    }

    static func fixtureJSON(_ name: String = "tokenizer.json", from fixture: String = "tokenizer") throws -> [String: Any] {
        let data = try Data(contentsOf: FixturePaths.directory(fixture).appendingPathComponent(name))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func json(_ object: Any) throws -> Data {
        try JSONSerialization.data(withJSONObject: object)
    }

    static func fixtureModel() throws -> SentencePieceModelProto {
        let data = try Data(contentsOf: FixturePaths.directory("tokenizer").appendingPathComponent("tokenizer.model"))
        return try SentencePieceModelProto(serializedBytes: data)
    }

    /// Loads `directory` and returns the error it throws (nil if it loads).
    static func loadError(_ directory: URL, kind: Tokenizer.Kind? = nil) -> TokenizationError? {
        do {
            _ = try Tokenizer.load(directory: directory, kind: kind)
            return nil
        } catch {
            return error
        }
    }

    @Test("a directory without tokenizer files")
    func noTokenizerFile() throws {
        let directory = try Self.directory()
        #expect(Self.loadError(directory) == .noTokenizerFile(directory: directory.path))
    }

    @Test("asking for tokenizer.model where there is none")
    func missingRequestedKind() throws {
        let directory = try Self.directory(copying: ["tokenizer.json"])
        guard case .unreadableFile(let file, _) = Self.loadError(directory, kind: .sentencePiece) else {
            Issue.record("expected unreadableFile")
            return
        }
        #expect(file.hasSuffix("/tokenizer.model"))
    }

    @Test("tokenizer.model that is not a protobuf")
    func invalidProtobuf() throws {
        let directory = try Self.directory(writing: ["tokenizer.model": Data([0x0A, 0xFF, 0xFF, 0x01, 0x02])])
        guard case .invalidProtobuf(let file, _) = Self.loadError(directory) else {
            Issue.record("expected invalidProtobuf")
            return
        }
        #expect(file == directory.appendingPathComponent("tokenizer.model").path)
    }

    @Test("a Unigram model (the proto2 default model_type) is refused")
    func unigramModel() throws {
        var model = try Self.fixtureModel()
        model.trainerSpec.clearModelType()
        let directory = try Self.directory(writing: ["tokenizer.model": try model.serializedData()])
        guard case .unsupported(let file, let feature) = Self.loadError(directory) else {
            Issue.record("expected unsupported")
            return
        }
        #expect(file.hasSuffix("tokenizer.model"))
        #expect(feature.contains("model_type unigram"))
    }

    @Test("a denormalizer chars map is refused")
    func denormalizer() throws {
        var model = try Self.fixtureModel()
        model.denormalizerSpec.precompiledCharsmap = Data([4, 0, 0, 0, 0, 0, 0, 0, 0])
        let directory = try Self.directory(writing: ["tokenizer.model": try model.serializedData()])
        guard case .unsupported(_, let feature) = Self.loadError(directory) else {
            Issue.record("expected unsupported")
            return
        }
        #expect(feature.contains("denormalizer_spec"))
    }

    @Test("BYTE pieces without byte_fallback are inconsistent")
    func bytePiecesWithoutFallback() throws {
        var model = try Self.fixtureModel()
        model.trainerSpec.byteFallback = false
        let directory = try Self.directory(writing: ["tokenizer.model": try model.serializedData()])
        guard case .inconsistent(_, let reason) = Self.loadError(directory) else {
            Issue.record("expected inconsistent")
            return
        }
        #expect(reason.contains("byte_fallback is false"))
    }

    @Test("a duplicated piece is inconsistent")
    func duplicatePiece() throws {
        var model = try Self.fixtureModel()
        model.pieces[model.pieces.count - 1].piece = model.pieces[model.pieces.count - 2].piece
        let directory = try Self.directory(writing: ["tokenizer.model": try model.serializedData()])
        guard case .inconsistent(_, let reason) = Self.loadError(directory) else {
            Issue.record("expected inconsistent")
            return
        }
        #expect(reason.contains("already defined"))
    }

    @Test("a model without an UNKNOWN piece is inconsistent")
    func noUnknownPiece() throws {
        var model = try Self.fixtureModel()
        model.pieces[0].type = .control
        let directory = try Self.directory(writing: ["tokenizer.model": try model.serializedData()])
        guard case .inconsistent(_, let reason) = Self.loadError(directory) else {
            Issue.record("expected inconsistent")
            return
        }
        #expect(reason.contains("no UNKNOWN piece"))
    }

    @Test("tokenizer.json that is not JSON names the file and position")
    func invalidJSON() throws {
        let directory = try Self.directory(writing: ["tokenizer.json": Data("{\"model\": {\"vocab\": [1,}".utf8)])
        guard case .invalidJSON(let file, let reason) = Self.loadError(directory) else {
            Issue.record("expected invalidJSON")
            return
        }
        #expect(file.hasSuffix("/tokenizer.json"))
        #expect(reason.contains("line 1"))
    }

    @Test("unknown model, normalizer, pre-tokenizer, decoder and post-processor types are named", arguments: [
        ("model", "WordPiece", "model type \"WordPiece\""),
        ("normalizer", "NFKC", "normalizer type \"NFKC\""),
        ("pre_tokenizer", "ByteLevel", "pre_tokenizer type \"ByteLevel\""),
        ("decoder", "WordPiece", "decoder type \"WordPiece\""),
        ("post_processor", "RobertaProcessing", "post_processor type \"RobertaProcessing\""),
    ])
    func unknownComponentType(component: String, type: String, message: String) throws {
        var root = try Self.fixtureJSON()
        var replaced = (root[component] as? [String: Any]) ?? [:]
        replaced["type"] = type
        root[component] = replaced
        let directory = try Self.directory(writing: ["tokenizer.json": try Self.json(root)])
        guard case .unsupported(let file, let feature) = Self.loadError(directory) else {
            Issue.record("expected unsupported for \(component)")
            return
        }
        #expect(file.hasSuffix("/tokenizer.json"))
        #expect(feature.contains(message))
    }

    @Test("a merge naming a token outside the vocabulary is inconsistent")
    func mergeOutsideVocabulary() throws {
        var root = try Self.fixtureJSON()
        var model = try #require(root["model"] as? [String: Any])
        var merges = try #require(model["merges"] as? [Any])
        merges.append(["▁", "§§"])
        model["merges"] = merges
        root["model"] = model
        let directory = try Self.directory(writing: ["tokenizer.json": try Self.json(root)])
        guard case .inconsistent(_, let reason) = Self.loadError(directory) else {
            Issue.record("expected inconsistent")
            return
        }
        #expect(reason.contains("§§"))
    }

    @Test("a special token missing from the vocabulary is named with its config key")
    func specialTokenOutOfVocabulary() throws {
        let config = try Self.json(["bos_token": "<bos>", "add_bos_token": true])
        let directory = try Self.directory(copying: ["tokenizer.model"], writing: ["tokenizer_config.json": config])
        guard case .inconsistent(let file, let reason) = Self.loadError(directory) else {
            Issue.record("expected inconsistent")
            return
        }
        #expect(file.hasSuffix("/tokenizer_config.json"))
        #expect(reason.contains("bos_token \"<bos>\""))
    }

    @Test("an added token whose id belongs to another piece is inconsistent")
    func addedTokenIDClash() throws {
        let added = try Self.json(["<pad>": 5])
        let directory = try Self.directory(copying: ["tokenizer.model"], writing: ["added_tokens.json": added])
        guard case .inconsistent(let file, let reason) = Self.loadError(directory) else {
            Issue.record("expected inconsistent")
            return
        }
        #expect(file.hasSuffix("/added_tokens.json"))
        #expect(reason.contains("added token 5 \"<pad>\""))
    }

    @Test("added-token ids that leave a gap after the vocabulary are out of range")
    func addedTokenGap() throws {
        let added = try Self.json(["<pad>": 512, "<extra>": 600])
        let directory = try Self.directory(copying: ["tokenizer.model"], writing: ["added_tokens.json": added])
        guard case .inconsistent(_, let reason) = Self.loadError(directory) else {
            Issue.record("expected inconsistent")
            return
        }
        #expect(reason.contains("added token 600 \"<extra>\" leaves a gap"))
    }

    @Test("a post-processor special id outside the vocabulary is out of range")
    func templateIDOutOfRange() throws {
        var root = try Self.fixtureJSON()
        var processor = try #require(root["post_processor"] as? [String: Any])
        processor["special_tokens"] = ["<s>": ["id": "<s>", "ids": [9999], "tokens": ["<s>"]]]
        root["post_processor"] = processor
        let directory = try Self.directory(writing: ["tokenizer.json": try Self.json(root)])
        guard case .inconsistent(_, let reason) = Self.loadError(directory) else {
            Issue.record("expected inconsistent")
            return
        }
        #expect(reason.contains("special token id 9999"))
    }

    @Test("a negative added-token id is rejected in added_tokens.json")
    func negativeAddedTokenID() throws {
        let added = try Self.json(["<pad>": -1])
        let directory = try Self.directory(copying: ["tokenizer.model"], writing: ["added_tokens.json": added])
        guard case .invalidJSON(let file, let reason) = Self.loadError(directory) else {
            Issue.record("expected invalidJSON")
            return
        }
        #expect(file.hasSuffix("/added_tokens.json"))
        #expect(reason.contains("<pad>"))
    }

    @Test("legacy = false is refused for tokenizer.model")
    func nonLegacySentencePiece() throws {
        let config = try Self.json(["legacy": false])
        let directory = try Self.directory(copying: ["tokenizer.model"], writing: ["tokenizer_config.json": config])
        guard case .unsupported(let file, let feature) = Self.loadError(directory) else {
            Issue.record("expected unsupported")
            return
        }
        #expect(file.hasSuffix("/tokenizer_config.json"))
        #expect(feature.contains("legacy = false"))
    }

    @Test("invalid tokenizer_config.json names that file")
    func invalidConfigJSON() throws {
        let directory = try Self.directory(copying: ["tokenizer.model"], writing: ["tokenizer_config.json": Data("{".utf8)])
        guard case .invalidJSON(let file, _) = Self.loadError(directory) else {
            Issue.record("expected invalidJSON")
            return
        }
        #expect(file.hasSuffix("/tokenizer_config.json"))
    }

    @Test("a mistyped key names its path")
    func mistypedKey() throws {
        let config = try Self.json(["add_bos_token": "yes"])
        let directory = try Self.directory(copying: ["tokenizer.model"], writing: ["tokenizer_config.json": config])
        #expect(
            Self.loadError(directory)
                == .invalidJSON(file: directory.appendingPathComponent("tokenizer_config.json").path, reason: "add_bos_token must be true or false"))
    }
}
