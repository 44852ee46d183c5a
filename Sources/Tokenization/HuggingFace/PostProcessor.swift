import JSONDocument

/// The single-sequence template of a `TemplateProcessing` post-processor: the special-token ids
/// placed before and after the text's ids when special tokens are added.
struct PostProcessor: Sendable, Equatable {
    let prefixIDs: [Int]
    let suffixIDs: [Int]

    init(prefixIDs: [Int], suffixIDs: [Int]) {
        self.prefixIDs = prefixIDs
        self.suffixIDs = suffixIDs
    }

    init(_ value: JSONValue, file: String, path: String) throws(TokenizationError) {
        let reader = try JSONObjectReader(value, file: file, path: path)
        let type = try reader.string("type")
        guard type == "TemplateProcessing" else {
            throw .unsupported(file: file, feature: "post_processor type \"\(type)\" at \(path)")
        }
        let specials = try reader.objectReader("special_tokens")
        var prefix: [Int] = []
        var suffix: [Int] = []
        var sawSequence = false
        for (index, item) in try reader.array("single").enumerated() {
            let itemPath = "\(path).single[\(index)]"
            let entry = try JSONObjectReader(item, file: file, path: itemPath)
            if entry.has("Sequence") {
                let sequence = try entry.objectReader("Sequence")
                guard try sequence.string("id") == "A", !sawSequence else {
                    throw .unsupported(file: file, feature: "\(itemPath): a single-sequence template must hold $A once")
                }
                sawSequence = true
            } else if entry.has("SpecialToken") {
                let name = try entry.objectReader("SpecialToken").string("id")
                guard specials.has(name) else {
                    throw .inconsistent(file: file, reason: "\(itemPath) names \"\(name)\", which \(path).special_tokens lacks")
                }
                let ids = try specials.objectReader(name).array("ids").map { value throws(TokenizationError) -> Int in
                    guard let id = value.integer else { throw specials.mistyped(name, "an object with integer ids") }
                    return id
                }
                if sawSequence { suffix.append(contentsOf: ids) } else { prefix.append(contentsOf: ids) }
            } else {
                throw .invalidJSON(file: file, reason: "\(itemPath) is neither Sequence nor SpecialToken")
            }
        }
        guard sawSequence else {
            throw .unsupported(file: file, feature: "\(path).single without $A")
        }
        prefixIDs = prefix
        suffixIDs = suffix
    }
}
