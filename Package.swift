// swift-tools-version: 6.1
import PackageDescription

// MARK: - Shared dependency values

let argumentParser: Target.Dependency = .product(name: "ArgumentParser", package: "swift-argument-parser")
let crypto: Target.Dependency = .product(name: "Crypto", package: "swift-crypto")

let package = Package(
    name: "Reckon",
    products: [],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
    ],
    targets: [
        // MARK: - Libraries

        // OpenBLAS through its own cblas.h; only TensorCore imports it.
        .systemLibrary(
            name: "CBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        // Float32 storage, 16-bit conversions, BLAS wrappers and OpenBLAS runtime control.
        .target(name: "TensorCore", dependencies: ["CBLAS"]),
        // Reading Hugging Face LLaMA checkpoints (config.json, safetensors, torch .bin) and PEFT LoRA adapters.
        .target(name: "Checkpoint", dependencies: ["TensorCore"]),

        // MARK: - Tests

        .testTarget(name: "TensorCoreTests", dependencies: ["TensorCore"]),
        .testTarget(name: "CheckpointTests", dependencies: ["Checkpoint", "TensorCore"]),
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
