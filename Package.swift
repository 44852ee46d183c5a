// swift-tools-version: 6.1
import PackageDescription

// MARK: - Shared dependency values

let argumentParser: Target.Dependency = .product(name: "ArgumentParser", package: "swift-argument-parser")
let swiftProtobuf: Target.Dependency = .product(name: "SwiftProtobuf", package: "swift-protobuf")

let package = Package(
    name: "Reckon",
    products: [
        .executable(name: "reckon", targets: ["ReckonCLI"]),
        .executable(name: "reckon-benchmarks", targets: ["ReckonBenchmarks"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
    ],
    targets: [
        // MARK: - Libraries

        // OpenBLAS through its own cblas.h; only TensorCore imports it.
        .systemLibrary(
            name: "CBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        // The system's libcrypto (OpenSSL 3, Debian's libssl-dev), for SHA-256 only; only Hashing imports it.
        // It replaced swift-crypto, whose BoringSSL took most of a cold release build (README, "Install").
        .systemLibrary(name: "CLibCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        // SHA-256 of files and eval sets, streamed or in one call.
        .target(name: "Hashing", dependencies: ["CLibCrypto"]),
        // Matrix products with 16-bit weights widened in registers: an AVX2/FMA/F16C path chosen at run
        // time from the CPU's flags (function-level target attributes, no -march) and a portable path.
        .target(name: "CHalfKernels"),
        // Float32 and 16-bit weight storage, BLAS wrappers and the OpenBLAS runtime (core type, threads).
        .target(name: "TensorCore", dependencies: ["CBLAS", "CHalfKernels"]),
        // One strict RFC 8259 parser: members in document order with byte-exact keys. No dependencies.
        .target(name: "JSONDocument"),
        // Reading Hugging Face LLaMA checkpoints (config.json, safetensors, torch .bin) and PEFT LoRA adapters.
        .target(name: "Checkpoint", dependencies: ["TensorCore", "JSONDocument"]),
        // The LLaMA forward pass and batched greedy decoding on OpenBLAS, token-identical to transformers.
        .target(name: "Llama", dependencies: ["TensorCore", "Checkpoint"]),
        // The puzzle of arXiv 2406.02100: generator, verifier, solver, shortcut depth, text formats. No
        // dependencies. Optimised in debug builds too: the shortcut-depth search over the 10,000 committed
        // puzzles (eval-sets check, the test suite) takes 7 s of CPU optimised and ~200 s unoptimised.
        .target(name: "Puzzles", swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]),
        // The committed test sets: standard distributions, files, manifest and hashes.
        .target(name: "EvalSets", dependencies: ["Puzzles", "Hashing"]),
        // tokenizer.model (SentencePiece) and tokenizer.json (Hugging Face) for the LLaMA family;
        // depends on no other Reckon module but JSONDocument. The .proto is the source of the committed .pb.swift.
        .target(
            name: "Tokenization",
            dependencies: ["JSONDocument", swiftProtobuf],
            exclude: ["Proto/sentencepiece_model.proto", "README.md"]
        ),
        // Scoring runs: the backend protocol, fake backends, result files, resume, shards, tables. Model-agnostic.
        .target(name: "Evaluation", dependencies: ["Puzzles", "EvalSets", "Hashing"]),
        // A model served by an inference engine, through the OpenAI /v1/completions API (FoundationNetworking).
        // Puzzles (already below it through Evaluation) for JSONText, the one JSON string quoter.
        .target(name: "EndpointBackend", dependencies: ["Evaluation", "Puzzles", "JSONDocument"]),
        // A checkpoint decoded on this machine by the Llama module, with verdict-aware early stop and the
        // automatic batch size and threads.
        .target(
            name: "LocalBackend",
            dependencies: ["Evaluation", "Puzzles", "TensorCore", "Checkpoint", "Tokenization", "Llama"]
        ),

        // MARK: - Executables

        .executableTarget(
            name: "ReckonCLI",
            dependencies: [
                "Puzzles", "EvalSets", "Evaluation", "EndpointBackend", "LocalBackend", "TensorCore", "Checkpoint",
                "Tokenization", "Llama", "JSONDocument", argumentParser,
            ]
        ),
        // Throughput figures printed side by side (never timed in tests).
        .executableTarget(
            name: "ReckonBenchmarks",
            dependencies: ["Puzzles", "EvalSets", "TensorCore", "Checkpoint", "Tokenization"]
        ),

        // MARK: - Tests

        .testTarget(name: "TensorCoreTests", dependencies: ["TensorCore"]),
        .testTarget(name: "HashingTests", dependencies: ["Hashing"]),
        .testTarget(name: "PuzzlesTests", dependencies: ["Puzzles"]),
        .testTarget(name: "EvalSetsTests", dependencies: ["EvalSets", "Puzzles"]),
        // Snapshots/ holds the expected comparison tables; RECKON_RECORD_SNAPSHOTS=1 re-records them.
        .testTarget(name: "EvaluationTests", dependencies: ["Evaluation", "EvalSets", "Puzzles"], exclude: ["Snapshots"]),
        // End to end: runs the built `reckon` executable as a user would.
        .testTarget(name: "ReckonCLITests", dependencies: ["ReckonCLI", "EvalSets", "Evaluation", "Puzzles"]),
        // Against a scripted HTTP server on 127.0.0.1 (faults) and, when RECKON_TEST_ENDPOINT is set, a real engine.
        .testTarget(name: "EndpointBackendTests", dependencies: ["EndpointBackend", "Evaluation", "EvalSets", "JSONDocument"]),
        .testTarget(name: "LocalBackendTests", dependencies: ["LocalBackend", "Puzzles", "TensorCore", "Tokenization"]),
        .testTarget(name: "JSONDocumentTests", dependencies: ["JSONDocument"]),
        .testTarget(name: "CheckpointTests", dependencies: ["Checkpoint", "JSONDocument", "TensorCore"]),
        .testTarget(name: "TokenizationTests", dependencies: ["Tokenization", "JSONDocument", swiftProtobuf]),
        .testTarget(name: "LlamaTests", dependencies: ["Llama", "Checkpoint", "TensorCore"], exclude: ["Fixtures"]),
    ]
)

// MARK: - Settings applied to every Swift target

for target in package.targets where target.type != .system {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    settings.append(.enableUpcomingFeature("InternalImportsByDefault"))
    target.swiftSettings = settings
}
