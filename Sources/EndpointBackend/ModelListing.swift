import JSONDocument

/// A server's `/v1/models` reply: the entry of the served model, or the names it lists instead.
struct ModelListing: Sendable {
    /// Every listed model id, in the server's order.
    var ids: [String]
    /// The entry whose `id` is the served model, as compact JSON, with vLLM's `root` and `parent`.
    var entry: String?
    var root: String?
    var parent: String?

    init(body: [UInt8], servedModel: String) throws(ReplyProblem) {
        let document: JSONValue
        do {
            document = try JSONValue.parse(body)
        } catch {
            throw ReplyProblem("\(error) of a \(body.count)-byte body" + ReplyProblem.excerpt(body))
        }
        guard let data = document["data"]?.arrayValue else { throw ReplyProblem("no `data` array") }
        ids = data.compactMap { $0["id"]?.stringValue }
        guard let match = data.first(where: { $0["id"]?.stringValue == servedModel }) else { return }
        entry = match.compactText
        root = match["root"]?.stringValue
        parent = match["parent"]?.stringValue
    }
}
