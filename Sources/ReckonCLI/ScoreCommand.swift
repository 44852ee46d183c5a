import ArgumentParser
import Checkpoint
import EvalSets
import Evaluation
import Foundation

struct ScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score a model on the test sets: zero-shot, one greedy completion per puzzle, pass@1 per set and N.",
        discussion: """
            Results go to a run directory (default results/<run-name>/): items.jsonl (one line per puzzle, \
            appended as completions finish), identity.json (what is scored), sessions.jsonl and, at the end, \
            run.json. Running the same command again resumes an interrupted run; a directory holding another \
            model, adapter, decoding setting or eval-set hash is refused. Ctrl-C (or SIGTERM) stops after the \
            current completion, a second Ctrl-C at once. --shard I/N scores the puzzles at positions I, I+N, \
            ... of the selection; `reckon merge` joins the shards. --backend oracle|garbler checks the harness \
            without a model (expected pass@1: 1.0 and 0.0); --backend shortcut is the no-planning baseline \
            (docs/rules.md section 7: it solves exactly the puzzles of shortcut depth 0-2). Tables show \
            pass@1 on shortcut and on deep puzzles next to the overall pass@1. A completion stops as soon as \
            its verdict and its calculator repair are decided (both are the same as without stopping, \
            docs/rules.md section 8); --no-early-stop generates to EOS or the \
            limit. --endpoint URL --served-model NAME scores a model on OpenAI-compatible inference servers \
            (vLLM, SGLang, TGI, llama.cpp, transformers serve) through /v1/completions; see docs/serving.md.
            """
    )

    @Option(help: ArgumentHelp(
        "Model directory (Hugging Face LLaMA checkpoint).", discussion: "Default: the bundled \(Self.bundledModel).",
        valueName: "dir"))
    var model: String?

    @Option(help: ArgumentHelp("LoRA adapter directory (PEFT) applied to --model.", valueName: "dir"))
    var adapter: String?

    @Option(help: WeightsOption.help)
    var weights: WeightPrecision = .auto

    @Option(help: ArgumentHelp(
        "A rule backend instead of a model: oracle and garbler check the harness, shortcut is the no-planning baseline.",
        valueName: "oracle|garbler|shortcut"))
    var backend: FakeBackendChoice?

    @OptionGroup(title: "A model on inference servers")
    var server: EndpointOptions

    @Option(help: ArgumentHelp("Comma-separated sets, scored in Table 2 order (default: all four).", valueName: "a,b"))
    var sets: String?

    @Option(help: ArgumentHelp("Score only the first K puzzles of each N.", valueName: "k"))
    var limit: Int?

    @Option(help: ArgumentHelp(
        "Prompts decoded together.",
        discussion: "Default: the largest of 64, 32, ..., 1 whose KV cache fits in the available memory."))
    var batchSize: Int?

    @Option(help: "Generation stops after this many tokens (default: longer than any reference response).")
    var maxNewTokens: Int = DecodingSettings.defaultMaxNewTokens

    @Option(help: "Threads for the matrix products: OpenBLAS's, or Reckon's kernel threads for 16-bit weights (default: 1 for a model under 20M parameters, else all cores).")
    var threads: Int?

    @Flag(help: "Generate every completion to EOS or --max-new-tokens, not only until its verdict and calculator repair are decided.")
    var noEarlyStop = false

    @Option(help: ArgumentHelp("Score shard I of N (0 <= I < N): a deterministic 1/N of the puzzles.", valueName: "i/n"))
    var shard: String?

    @Option(help: ArgumentHelp("Run directory (default: results/<run-name>).", valueName: "dir"))
    var out: String?

    @Option(help: ArgumentHelp("Directory of the test sets and their manifest.", valueName: "dir"))
    var evalSets: String = "eval-sets"

    func validate() throws {
        if model != nil, backend != nil { throw ValidationError("--model and --backend exclude each other") }
        if server.isRequested, model != nil || backend != nil || adapter != nil {
            throw ValidationError("--endpoint excludes --model, --adapter and --backend (the server holds the model)")
        }
        if adapter != nil, model == nil { throw ValidationError("--adapter needs --model") }
        if let batchSize, batchSize < 1 { throw ValidationError("--batch-size must be at least 1") }
        if maxNewTokens < 1 { throw ValidationError("--max-new-tokens must be at least 1") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        let selection = try RunSelection(sets: try sets.map(RunSelection.sets(parsing:)) ?? StandardSet.allCases,
                                         limit: limit, shard: try shard.map(Shard.init(parsing:)))
        let evalSetsURL = URL(fileURLWithPath: evalSets)
        // Asked of every backend; those that cannot stop early record that they did not.
        let decoding = DecodingSettings(maxNewTokens: maxNewTokens, batchSize: batchSize ?? DecodingSettings.defaultBatchSize,
                                        earlyStop: !noEarlyStop)
        // Without --model, --endpoint or --backend, the small model that ships with Reckon is scored.
        let model = self.model ?? (backend == nil && !server.isRequested ? Self.bundledModel : nil)
        if self.model == nil, backend == nil, !server.isRequested,
           !FileManager.default.fileExists(atPath: Self.bundledModel) {
            throw CommandError("no --model given, and the bundled model \(Self.bundledModel) is not in this directory; "
                + "run from the repository root or give --model DIR")
        }
        // Every backend scores the sets named in the manifest; without it, say where to find them once.
        _ = try EvalSetsLocation.require(evalSets)
        let scoring = try BackendFactory.make(
            BackendRequest(model: model, adapter: adapter, weights: weights, fake: backend,
                           server: server.isRequested ? server : nil, decoding: decoding,
                           automaticBatchSize: batchSize == nil, threads: threads, evalSets: evalSetsURL))
        let backend = scoring.backend
        let directory = URL(fileURLWithPath: out ?? Self.defaultDirectory(backend.descriptor, selection))

        var runner = EvalRunner(evalSetsDirectory: evalSetsURL, directory: directory, selection: selection,
                                environment: HarnessEnvironment.current(context: scoring.context))
        let progress = ProgressReporter(isTerminal: isatty(STDERR_FILENO) != 0) { text in
            FileHandle.standardError.write(Data(text.utf8))
        }
        let stop = StopRequest.install()
        runner.shouldStop = { stop.isRequested }
        runner.onStart = { done, total in
            printError("scoring \(total) puzzles with \(backend.descriptor.displayName) into \(directory.path)")
            progress.start(alreadyDone: done, total: total)
        }
        runner.onProgress = { done, total, tokens in progress.update(done: done, total: total, generatedTokens: tokens) }
        let report: RunReport
        do {
            report = try runner.run(backend: backend)
        } catch {
            progress.finish()
            // Untyped from here: matching and rethrowing the typed error in one catch crashes swiftc 6.3.1.
            let failure: any Error = error
            if case EvaluationError.interrupted = failure {
                printError("\(failure)")
                throw ExitCode(130)
            }
            if case let EvaluationError.runMismatch(path, differences) = failure {
                throw Self.mismatch(path: path, differences: differences, runner: runner, backend: backend)
            }
            throw failure
        }
        let table = ComparisonTable(runs: [(directory.lastPathComponent, report)], includePaper: false)
        print(table.markdown(), terminator: "")
        printError("results: \(directory.path)/run.json, items: \(directory.path)/items.jsonl")
    }

    /// The refusal of a directory that holds a run with other settings, naming the flags that give them
    /// back; the plain refusal when what the directory holds cannot be read again.
    private static func mismatch(path: String, differences: [String], runner: EvalRunner,
                                 backend: any CompletionBackend) -> any Error {
        let plain = EvaluationError.runMismatch(directory: path, differences: differences)
        let identities: (requested: RunIdentity, recorded: RunIdentity?)
        do {
            identities = try runner.identities(for: backend)
        } catch {
            return plain
        }
        guard let recorded = identities.recorded else { return plain }
        return CommandError(RunMismatchAdvice.message(
            directory: path, differences: differences, recorded: recorded, requested: identities.requested))
    }

    /// `results/<model>[+<adapter>]` or `results/<backend>`, with the limit and shard in the name.
    /// The tiny model trained with training/'s tiny recipe that ships with Reckon (see models/README.md).
    static let bundledModel = "models/tiny"

    static func defaultDirectory(_ descriptor: BackendDescriptor, _ selection: RunSelection) -> String {
        var name = descriptor.displayName
        if let limit = selection.limit { name += "-limit-\(limit)" }
        if let shard = selection.shard { name += "-shard-\(shard.index)-of-\(shard.count)" }
        return "results/" + name
    }
}

enum FakeBackendChoice: String, ExpressibleByArgument, CaseIterable {
    case oracle, garbler, shortcut
}
