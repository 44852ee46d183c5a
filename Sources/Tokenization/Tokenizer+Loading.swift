public import Foundation

extension Tokenizer {
    static let tokenizerJSONFile = "tokenizer.json"
    static let sentencePieceFile = "tokenizer.model"

    /// Loads the tokenizer of a Hugging Face model directory the way transformers' `AutoTokenizer`
    /// picks it: `tokenizer.json` when present (the fast tokenizer), else `tokenizer.model`.
    /// `tokenizer_config.json`, `special_tokens_map.json` and `added_tokens.json` supply the special
    /// tokens, `add_bos_token`/`add_eos_token` and tokens added after the vocabulary.
    ///
    /// The choice matters for OpenLLaMA v1: its `tokenizer.model` removes extra whitespace, and a
    /// `tokenizer.json` converted from it does not (the conversion drops that normalizer setting). Directories that ship only
    /// `tokenizer.model` (all OpenLLaMA repos) get exact sentencepiece behaviour.
    ///
    /// - Parameter kind: `nil` picks like `AutoTokenizer`; `.sentencePiece` insists on
    ///   `tokenizer.model` (like `use_fast=False`, which OpenLLaMA's README prescribes) and
    ///   `.tokenizerJSON` on `tokenizer.json`.
    /// - Throws: `TokenizationError` naming the file and the problem.
    public static func load(directory: URL, kind: Kind? = nil) throws(TokenizationError) -> Tokenizer {
        let configuration = try TokenizerConfiguration(directory: directory)
        let jsonURL = directory.appendingPathComponent(tokenizerJSONFile)
        let modelURL = directory.appendingPathComponent(sentencePieceFile)
        let hasJSON = FileManager.default.fileExists(atPath: jsonURL.path)
        let hasModel = FileManager.default.fileExists(atPath: modelURL.path)
        switch kind {
        case .sentencePiece where !hasModel:
            throw .unreadableFile(file: modelURL.path, reason: "no such file (a SentencePiece tokenizer was asked for)")
        case .tokenizerJSON where !hasJSON:
            throw .unreadableFile(file: jsonURL.path, reason: "no such file (a tokenizer.json tokenizer was asked for)")
        default:
            break
        }
        if hasJSON, kind != .sentencePiece {
            let file = try TokenizerFile(data: try readFile(jsonURL), file: jsonURL.path)
            return try Tokenizer(tokenizerFile: file, configuration: configuration, file: jsonURL.path)
        }
        if hasModel {
            if configuration.legacy == false {
                throw .unsupported(
                    file: directory.appendingPathComponent(TokenizerConfiguration.tokenizerConfigFile).path,
                    feature: "legacy = false for tokenizer.model (only sentencepiece's own behaviour, legacy = true, is implemented)")
            }
            let model = try SentencePieceModel(serialized: try readFile(modelURL), file: modelURL.path)
            return try Tokenizer(sentencePiece: model, configuration: configuration, file: modelURL.path)
        }
        throw .noTokenizerFile(directory: directory.path)
    }

    /// A tokenizer from a `tokenizer.model` alone, with LlamaTokenizer's defaults (BOS added).
    public static func loadSentencePiece(file url: URL) throws(TokenizationError) -> Tokenizer {
        let model = try SentencePieceModel(serialized: try readFile(url), file: url.path)
        return try Tokenizer(sentencePiece: model, configuration: TokenizerConfiguration(), file: url.path)
    }

    /// A tokenizer from a `tokenizer.json` alone; its post-processor decides the special tokens.
    public static func loadTokenizerJSON(file url: URL) throws(TokenizationError) -> Tokenizer {
        let file = try TokenizerFile(data: try readFile(url), file: url.path)
        return try Tokenizer(tokenizerFile: file, configuration: TokenizerConfiguration(), file: url.path)
    }

    private static func readFile(_ url: URL) throws(TokenizationError) -> Data {
        do {
            return try Data(contentsOf: url)
        } catch {
            throw .unreadableFile(file: url.path, reason: String(describing: error))
        }
    }

    private init(sentencePiece model: SentencePieceModel, configuration: TokenizerConfiguration, file: String) throws(TokenizationError) {
        for (id, token) in configuration.addedTokens where id < model.pieces.count && !model.pieces[id].text.isIdentical(to: token.content) {
            throw .inconsistent(
                file: configuration.addedTokenSources[id] ?? file,
                reason: "added token \(id) \"\(token.content)\" from the configuration clashes with piece \"\(model.pieces[id].text)\"")
        }
        // Tokens beyond the vocabulary must continue it without gaps, as transformers requires of
        // added_tokens.json ("Non-consecutive added token"); a gap would not match the embedding rows.
        let beyond = configuration.addedTokens.keys.filter { $0 >= model.pieces.count }.sorted()
        for (offset, id) in beyond.enumerated() where id != model.pieces.count + offset {
            throw .inconsistent(
                file: configuration.addedTokenSources[id] ?? file,
                reason: "added token \(id) \"\(configuration.addedTokens[id]?.content ?? "")\" leaves a gap after the \(model.pieces.count + offset) ids before it (added ids must continue the vocabulary)")
        }
        let lookupBackend = SentencePieceBackend(model: model, addedTokens: Array(configuration.addedTokens.values))
        // sentencepiece's bos_id()/eos_id()/pad_id(): the trainer's piece names, if they are CONTROL pieces.
        func controlPiece(_ name: String) -> String? {
            model.exactID(ofPiece: name).flatMap { model.pieces[$0].type == .control ? name : nil }
        }
        let defaults = SpecialTokenNames(
            bos: controlPiece(model.bosPiece), eos: controlPiece(model.eosPiece),
            unknown: model.pieces[model.unknownID].text, pad: controlPiece(model.padPiece))
        let names = defaults.overridden(by: configuration)
        let resolve: (String) -> Int? = { lookupBackend.exactID(of: $0) }
        let ids = try names.resolve(resolve, configuration: configuration, file: file)
        let additional = Set(configuration.additionalSpecialTokens.map(ExactString.init))
        let backend = SentencePieceBackend(
            model: model, addedTokens: Array(configuration.addedTokens.values),
            specialTokens: Set([names.bos, names.eos, names.unknown, names.pad].compactMap { $0 }.map(ExactString.init)).union(additional),
            additionalSpecialTokens: additional, addPrefixSpace: configuration.addPrefixSpace ?? true)

        // transformers' all_special_ids: the four special tokens and the additional ones.
        var specialIDs = Set(ids.all)
        specialIDs.formUnion(configuration.additionalSpecialTokens.compactMap(resolve))

        let addBOS = configuration.addBOSToken ?? true
        let addEOS = configuration.addEOSToken ?? false
        try self.init(
            kind: .sentencePiece, backend: .sentencePiece(backend), vocabularySize: backend.vocabularySize,
            names: names, ids: ids,
            prefix: addBOS ? try Self.required(ids.bos, "bos_token", file: file) : [],
            suffix: addEOS ? try Self.required(ids.eos, "eos_token", file: file) : [],
            specialIDs: specialIDs, configuration: configuration, file: file)
    }

    private init(tokenizerFile: TokenizerFile, configuration: TokenizerConfiguration, file: String) throws(TokenizationError) {
        for (id, token) in configuration.addedTokens where !(tokenizerFile.token(ofID: id)?.isIdentical(to: token.content) ?? false) {
            throw .inconsistent(
                file: configuration.addedTokenSources[id] ?? file,
                reason: "added token \(id) \"\(token.content)\" from the configuration is not token \(id) of tokenizer.json")
        }
        // LlamaTokenizerFast's defaults; each is used only if the vocabulary has it.
        let resolve: (String) -> Int? = { tokenizerFile.id(ofToken: $0) }
        let defaults = SpecialTokenNames(
            bos: resolve("<s>") != nil ? "<s>" : nil, eos: resolve("</s>") != nil ? "</s>" : nil,
            unknown: resolve("<unk>") != nil ? "<unk>" : nil, pad: nil)
        let names = defaults.overridden(by: configuration)
        let ids = try names.resolve(resolve, configuration: configuration, file: file)

        var specialIDs = tokenizerFile.specialIDs.union(ids.all)
        specialIDs.formUnion(configuration.additionalSpecialTokens.compactMap(resolve))

        let prefix: [Int]
        let suffix: [Int]
        if configuration.addBOSToken != nil || configuration.addEOSToken != nil {
            // transformers rebuilds the post-processor from these flags (update_post_processor).
            prefix = (configuration.addBOSToken ?? true) ? try Self.required(ids.bos, "bos_token", file: file) : []
            suffix = (configuration.addEOSToken ?? false) ? try Self.required(ids.eos, "eos_token", file: file) : []
        } else {
            prefix = tokenizerFile.postProcessor?.prefixIDs ?? []
            suffix = tokenizerFile.postProcessor?.suffixIDs ?? []
        }
        try self.init(
            kind: .tokenizerJSON, backend: .tokenizerFile(tokenizerFile), vocabularySize: tokenizerFile.vocabularySize,
            names: names, ids: ids, prefix: prefix, suffix: suffix, specialIDs: specialIDs,
            configuration: configuration, file: file)
    }

    private init(
        kind: Kind, backend: Backend, vocabularySize: Int, names: SpecialTokenNames, ids: SpecialTokenIDs,
        prefix: [Int], suffix: [Int], specialIDs: Set<Int>, configuration: TokenizerConfiguration, file: String
    ) throws(TokenizationError) {
        for id in prefix + suffix where id < 0 || id >= vocabularySize {
            throw .inconsistent(file: file, reason: "special token id \(id) added around the text is outside the vocabulary of \(vocabularySize)")
        }
        self.kind = kind
        self.backend = backend
        self.vocabularySize = vocabularySize
        self.bosToken = names.bos
        self.eosToken = names.eos
        self.padToken = names.pad
        self.unknownToken = names.unknown
        self.bosTokenID = ids.bos
        self.eosTokenID = ids.eos
        self.padTokenID = ids.pad
        self.unknownTokenID = ids.unknown
        self.specialPrefixIDs = prefix
        self.specialSuffixIDs = suffix
        self.specialIDs = specialIDs
        self.cleansUpTokenizationSpaces = configuration.cleanUpTokenizationSpaces ?? false
    }

    private static func required(_ id: Int?, _ key: String, file: String) throws(TokenizationError) -> [Int] {
        guard let id else {
            throw .inconsistent(file: file, reason: "the configuration adds \(key) but the tokenizer has none")
        }
        return [id]
    }
}

/// The strings of the four special tokens, before they are looked up.
private struct SpecialTokenNames {
    var bos: String?
    var eos: String?
    var unknown: String?
    var pad: String?

    /// Keys present in the configuration files win, including an explicit null.
    func overridden(by configuration: TokenizerConfiguration) -> SpecialTokenNames {
        var names = self
        let declared = Set(configuration.specialKeySources.keys)
        if declared.contains("bos_token") { names.bos = configuration.bosToken }
        if declared.contains("eos_token") { names.eos = configuration.eosToken }
        if declared.contains("unk_token") { names.unknown = configuration.unknownToken }
        if declared.contains("pad_token") { names.pad = configuration.padToken }
        return names
    }

    func resolve(_ lookup: (String) -> Int?, configuration: TokenizerConfiguration, file: String) throws(TokenizationError) -> SpecialTokenIDs {
        func id(_ name: String?, _ key: String) throws(TokenizationError) -> Int? {
            guard let name else { return nil }
            guard let id = lookup(name) else {
                throw .inconsistent(file: configuration.specialKeySources[key] ?? file, reason: "\(key) \"\(name)\" is not a token of the vocabulary or the added tokens")
            }
            return id
        }
        return SpecialTokenIDs(
            bos: try id(bos, "bos_token"), eos: try id(eos, "eos_token"), unknown: try id(unknown, "unk_token"),
            pad: try id(pad, "pad_token"))
    }
}

private struct SpecialTokenIDs {
    let bos: Int?
    let eos: Int?
    let unknown: Int?
    let pad: Int?
    var all: [Int] { [bos, eos, unknown, pad].compactMap { $0 } }
}
