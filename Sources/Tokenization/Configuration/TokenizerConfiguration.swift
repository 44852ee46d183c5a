import Foundation
import JSONDocument

/// What transformers reads next to the tokenizer files: `tokenizer_config.json`,
/// `special_tokens_map.json` and `added_tokens.json`. Every part is optional.
struct TokenizerConfiguration: Sendable {
    var bosToken: String?
    var eosToken: String?
    var unknownToken: String?
    var padToken: String?
    /// The special-token keys that were present (a `null` value means "no such token"), each with
    /// the file that set it last.
    var specialKeySources: [String: String] = [:]
    var addBOSToken: Bool?
    var addEOSToken: Bool?
    var cleanUpTokenizationSpaces: Bool?
    /// The slow LlamaTokenizer's `legacy` flag (absent means legacy behaviour in 4.x).
    var legacy: Bool?
    /// LlamaTokenizer's `add_prefix_space` (null or absent means true).
    var addPrefixSpace: Bool?
    /// Tokens from `added_tokens_decoder` and `added_tokens.json`, by id, and the file of each.
    var addedTokens: [Int: AddedToken] = [:]
    var addedTokenSources: [Int: String] = [:]
    /// Strings of `additional_special_tokens`; they mark added tokens as special.
    var additionalSpecialTokens: [String] = []

    static let tokenizerConfigFile = "tokenizer_config.json"
    static let specialTokensMapFile = "special_tokens_map.json"
    static let addedTokensFile = "added_tokens.json"

    static let specialTokenKeys = ["bos_token", "eos_token", "unk_token", "pad_token"]

    /// No configuration files: every value is the caller's default.
    init() {}

    /// Reads the three files that exist in `directory`; special_tokens_map.json overrides
    /// tokenizer_config.json, as `from_pretrained` does.
    init(directory: URL) throws(TokenizationError) {
        if let config = try Self.readJSON(directory, Self.tokenizerConfigFile) {
            try applySpecialTokens(config)
            addBOSToken = try config.optionalBool("add_bos_token")
            addEOSToken = try config.optionalBool("add_eos_token")
            cleanUpTokenizationSpaces = try config.optionalBool("clean_up_tokenization_spaces")
            legacy = try config.optionalBool("legacy")
            addPrefixSpace = try config.optionalBool("add_prefix_space")
            if config.has("added_tokens_decoder") {
                let decoder = try config.objectReader("added_tokens_decoder")
                for member in decoder.members {
                    let key = member.key
                    let value = member.value
                    guard let id = Int(key), id >= 0 else {
                        throw .inconsistent(file: config.file, reason: "added_tokens_decoder key \"\(key)\" is not a token id")
                    }
                    let entry = try JSONObjectReader(value, file: config.file, path: decoder.keyPath(key))
                    addedTokens[id] = try AddedToken(entry, id: id, defaultSpecial: false)
                    addedTokenSources[id] = config.file
                }
            }
            try applyAdditionalSpecialTokens(config)
        }
        if let map = try Self.readJSON(directory, Self.specialTokensMapFile) {
            try applySpecialTokens(map)
            try applyAdditionalSpecialTokens(map)
        }
        if let added = try Self.readJSON(directory, Self.addedTokensFile) {
            for member in added.members {
                let content = member.key
                let value = member.value
                guard let id = value.integer, id >= 0 else { throw added.mistyped(content, "a non-negative token id") }
                if addedTokens[id] == nil {
                    let special = isSpecialTokenString(content)
                    addedTokens[id] = AddedToken(id: id, content: content, normalized: !special, special: special)
                    addedTokenSources[id] = added.file
                }
            }
        }
        // Special tokens named by the maps are special even where an entry above said otherwise.
        for (id, token) in addedTokens where !token.special && isSpecialTokenString(token.content) {
            addedTokens[id] = AddedToken(
                id: id, content: token.content, singleWord: token.singleWord, leftStrip: token.leftStrip,
                rightStrip: token.rightStrip, normalized: token.normalized, special: true)
        }
    }

    var specialTokenStrings: [String] { [bosToken, eosToken, unknownToken, padToken].compactMap { $0 } }

    private func isSpecialTokenString(_ content: String) -> Bool {
        (specialTokenStrings + additionalSpecialTokens).contains { $0.isIdentical(to: content) }
    }

    private mutating func applySpecialTokens(_ reader: JSONObjectReader) throws(TokenizationError) {
        for key in Self.specialTokenKeys where reader[key] != nil {
            specialKeySources[key] = reader.file
            let value = try Self.tokenContent(reader, key)
            switch key {
            case "bos_token": bosToken = value
            case "eos_token": eosToken = value
            case "unk_token": unknownToken = value
            default: padToken = value
            }
        }
    }

    /// `additional_special_tokens` (4.x) and `extra_special_tokens` (5.x: a list, or an object of
    /// named tokens); entries are strings or AddedToken objects.
    private mutating func applyAdditionalSpecialTokens(_ reader: JSONObjectReader) throws(TokenizationError) {
        for key in ["additional_special_tokens", "extra_special_tokens"] where reader.has(key) {
            let entries: [(String, JSONValue)]
            if let object = reader[key]?.members {
                entries = object.map { ("\(reader.keyPath(key)).\($0.key)", $0.value) }
            } else {
                entries = try reader.array(key).enumerated().map { ("\(reader.keyPath(key))[\($0.offset)]", $0.element) }
            }
            for (path, value) in entries {
                if let string = value.stringValue {
                    additionalSpecialTokens.append(string)
                } else {
                    additionalSpecialTokens.append(try JSONObjectReader(value, file: reader.file, path: path).string("content"))
                }
            }
        }
    }

    /// A special token is written as a string, as `{"content": ...}` (AddedToken), or as null.
    private static func tokenContent(_ reader: JSONObjectReader, _ key: String) throws(TokenizationError) -> String? {
        guard let value = reader[key], !value.isNull else { return nil }
        if let string = value.stringValue { return string }
        return try reader.objectReader(key).string("content")
    }

    private static func readJSON(_ directory: URL, _ name: String) throws(TokenizationError) -> JSONObjectReader? {
        let url = directory.appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .unreadableFile(file: url.path, reason: String(describing: error))
        }
        return try JSONObjectReader(try JSONValue.parse(data, file: url.path), file: url.path, path: "")
    }
}
