import Evaluation
import Foundation
import JSONDocument

/// The parts of a `/v1/completions` reply that a score needs, read strictly: a reply without them
/// is an error naming the request, never an empty completion.
struct CompletionReply: Equatable, Sendable {
    var text: String
    var stop: StopReason
    var completionTokens: Int
    var promptTokens: Int?

    /// Parses a 200 reply's body. `reason` of the thrown error says what is wrong and where.
    init(body: [UInt8]) throws(ReplyProblem) {
        let document: JSONValue
        do {
            document = try JSONValue.parse(body)
        } catch {
            throw ReplyProblem("\(error) of a \(body.count)-byte body" + ReplyProblem.excerpt(body))
        }
        guard case .object = document else { throw ReplyProblem("the body is not a JSON object") }
        if let error = document["error"], !error.isNull {
            throw ReplyProblem("the server reported an error: \(ServerMessage.text(of: error))")
        }
        guard let choices = document["choices"]?.arrayValue else { throw ReplyProblem("no `choices` array") }
        guard choices.count == 1 else { throw ReplyProblem("\(choices.count) choices where one was asked for") }
        let choice = choices[0]
        guard let text = choice["text"]?.stringValue else { throw ReplyProblem("`choices[0].text` is not a string") }
        switch choice["finish_reason"]?.stringValue {
        case "stop"?: stop = .eos
        case "length"?: stop = .length
        case let other?: throw ReplyProblem("`finish_reason` \"\(other)\" is neither \"stop\" nor \"length\"")
        case nil: throw ReplyProblem("`choices[0].finish_reason` is missing or null: the generation did not finish")
        }
        guard let usage = document["usage"], case .object = usage else {
            throw ReplyProblem("no `usage` object, so the generated tokens are unknown")
        }
        guard let completionTokens = usage["completion_tokens"]?.integer, completionTokens >= 0 else {
            throw ReplyProblem("`usage.completion_tokens` is missing or not a count")
        }
        self.text = text
        self.completionTokens = completionTokens
        promptTokens = usage["prompt_tokens"]?.integer
    }

    var completion: BackendCompletion {
        BackendCompletion(text: text, generatedTokens: completionTokens, stop: stop)
    }
}

/// Why a reply body was refused.
struct ReplyProblem: Error {
    var reason: String
    init(_ reason: String) { self.reason = reason }

    static func excerpt(_ body: [UInt8]) -> String {
        guard !body.isEmpty else { return "" }
        let shown = String(decoding: body.prefix(120), as: UTF8.self)
        return ": \(shown)" + (body.count > 120 ? "..." : "")
    }
}

/// The human part of an error reply: OpenAI's `{"error": {"message": ...}}`, FastAPI's `{"detail": ...}`,
/// a plain `{"error": "..."}` or `{"message": ...}`, or the body itself.
enum ServerMessage {
    static func of(body: [UInt8]) -> String {
        do {
            let document = try JSONValue.parse(body)
            for key in ["error", "detail", "message"] {
                if let value = document[key], !value.isNull { return text(of: value) }
            }
        } catch {
            // Not JSON: the body itself is the message.
        }
        let raw = String(decoding: body.prefix(500), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return raw.isEmpty ? "(empty body)" : raw + (body.count > 500 ? "..." : "")
    }

    static func text(of value: JSONValue) -> String {
        if let string = value.stringValue { return string }
        if let message = value["message"]?.stringValue { return message }
        return value.compactText
    }
}
