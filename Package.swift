// swift-tools-version: 6.1
import PackageDescription

// MARK: - Shared dependency values

let argumentParser: Target.Dependency = .product(name: "ArgumentParser", package: "swift-argument-parser")
let crypto: Target.Dependency = .product(name: "Crypto", package: "swift-crypto")
let swiftProtobuf: Target.Dependency = .product(name: "SwiftProtobuf", package: "swift-protobuf")

let package = Package(
    name: "Reckon",
    products: [],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
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

        // tokenizer.model (SentencePiece) and tokenizer.json (Hugging Face) for the LLaMA family;
        // depends on no other Reckon module. The .proto is the source of the committed .pb.swift.
        .target(
            name: "Tokenization",
            dependencies: [swiftProtobuf],
            exclude: ["Proto/sentencepiece_model.proto", "README.md"]
        ),

        // MARK: - Tests

        .testTarget(
            name: "TokenizationTests",
            dependencies: ["Tokenization", swiftProtobuf]
        ),
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
