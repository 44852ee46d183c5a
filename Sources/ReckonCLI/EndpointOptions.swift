import ArgumentParser
import EndpointBackend
import Evaluation
import Foundation
import Tokenization

/// `reckon score --endpoint URL --served-model NAME ...`: a model served by an inference engine.
struct EndpointOptions: ParsableArguments {
    @Option(name: .customLong("endpoint"), help: ArgumentHelp(
        "An OpenAI-compatible server's /v1 base URL (repeat for several servers of the same model).",
        discussion: "e.g. http://127.0.0.1:8000/v1; requests go to <URL>/completions. See docs/serving.md.",
        valueName: "url"))
    var endpoints: [String] = []

    @Option(help: ArgumentHelp("The model's name on the servers (the requests' `model` field).", valueName: "name"))
    var servedModel: String?

    @Option(help: ArgumentHelp("Requests in flight per server (engines batch them).", valueName: "c"))
    var concurrency: Int = 8

    @Option(help: ArgumentHelp("Environment variable holding the API key (sent as a Bearer token, never recorded).",
                               valueName: "var"))
    var apiKeyEnv: String?

    @Option(help: ArgumentHelp("Seconds one request may take before it is retried.", valueName: "s"))
    var requestTimeout: Double = 600

    @Option(help: ArgumentHelp("Attempts per request, the first included, for connection errors, timeouts, 429 and 5xx.",
                               valueName: "n"))
    var maxAttempts: Int = 6

    @Option(help: ArgumentHelp(
        "The served model's tokenizer: the server's prompt token counts must equal Reckon's.",
        discussion: "Default: --served-model when it is a local directory with a tokenizer.", valueName: "dir"))
    var tokenizerDir: String?

    var isRequested: Bool { !endpoints.isEmpty }

    func validate() throws {
        if !isRequested {
            if servedModel != nil || apiKeyEnv != nil || tokenizerDir != nil {
                throw ValidationError("--served-model, --api-key-env and --tokenizer-dir need --endpoint")
            }
            return
        }
        guard let servedModel, !servedModel.isEmpty else { throw ValidationError("--endpoint needs --served-model NAME") }
        if concurrency < 1 { throw ValidationError("--concurrency must be at least 1") }
        if !(requestTimeout > 0) { throw ValidationError("--request-timeout must be positive") }
        if maxAttempts < 1 { throw ValidationError("--max-attempts must be at least 1") }
    }

    /// Reads the API key, loads the tokenizer for the prompt-token check and asks the servers about the model.
    func makeBackend(decoding: DecodingSettings) throws -> EndpointBackend {
        guard let servedModel else { throw CommandError("--endpoint needs --served-model NAME") }
        var apiKey: String?
        if let apiKeyEnv {
            guard let value = ProcessInfo.processInfo.environment[apiKeyEnv], !value.isEmpty else {
                throw EndpointError.missingAPIKey(variable: apiKeyEnv)
            }
            apiKey = value
        }
        let configuration = EndpointConfiguration(
            endpoints: endpoints, servedModel: servedModel, concurrency: concurrency, apiKey: apiKey,
            requestTimeout: requestTimeout, retry: RetryPolicy(maxAttempts: maxAttempts), decoding: decoding)
        return try EndpointBackend(configuration: configuration, tokenCheck: try tokenCheck(servedModel)) { notice in
            let wait = (notice.delaySeconds * 10).rounded() / 10
            printError("request \(notice.request) to \(notice.endpoint): \(notice.failure); attempt "
                + "\(notice.attempt) of \(notice.maxAttempts) failed, retrying in \(wait) s")
        }
    }

    /// The tokenizer of --tokenizer-dir, or of --served-model when that names a local directory holding
    /// one (as `transformers serve DIR` names it); nil when neither, with a note that nothing is checked.
    private func tokenCheck(_ servedModel: String) throws -> PromptTokenCheck? {
        let directory: String
        if let tokenizerDir {
            directory = tokenizerDir
        } else if Self.hasTokenizer(servedModel) {
            directory = servedModel
        } else {
            printError("no --tokenizer-dir: the server's prompt token counts (BOS, chat template) are not checked")
            return nil
        }
        let tokenizer: Tokenizer
        do {
            tokenizer = try Tokenizer.load(directory: URL(fileURLWithPath: directory))
        } catch {
            throw EndpointError.tokenizer("\(directory): \(error)")
        }
        return PromptTokenCheck(source: directory) { tokenizer.encode($0, addSpecialTokens: true).count }
    }

    private static func hasTokenizer(_ path: String) -> Bool {
        ["tokenizer.json", "tokenizer.model"].contains { name in
            FileManager.default.fileExists(atPath: URL(fileURLWithPath: path).appendingPathComponent(name).path)
        }
    }
}
