import Foundation
package import TensorCore

/// Applies a PEFT LoRA adapter to loaded base weights.
///
/// A base weight kept in Float32 is merged: `W' = W + scale · B·A`, in Float32, as
/// `merge_and_unload()` does (B·A in fp32, then scaled and added). A base weight kept in 16 bits is
/// never merged (rounding `W'` to 16 bits would change the model): its adapter stays beside it as
/// a `LowRankAdapter`, and the forward pass adds `scale · (x·Aᵀ)·Bᵀ` in Float32, as a PEFT model
/// computes before merging.
///
/// `init` reads and checks everything (configuration, targets, every adapter tensor consumed,
/// every shape against the base) without converting a weight; `apply` then does the arithmetic.
struct LoRAMerge {
    private struct Pair {
        let weightName: String
        let a: StoredTensor  // [r, in]
        let b: StoredTensor  // [out, r]
        let scale: Double
        /// Whether the base weight is kept in Float32 (then merged) rather than 16 bits.
        let merges: Bool
    }

    private let pairs: [Pair]
    let summary: AdapterSummary

    /// Reads `adapter_config.json` and `adapter_model.safetensors` (or `adapter_model.bin`) from
    /// `directory` and checks them against the base weights' shapes.
    /// - Parameter baseFormats: the in-memory format of each base weight.
    init(
        adapterDirectory directory: URL, baseShapes: [String: [Int]], baseFormats: [String: StorageFormat],
        model configuration: LlamaConfiguration
    ) throws(CheckpointError) {
        let configURL = directory.appendingPathComponent("adapter_config.json")
        guard FileManager.default.fileExists(atPath: configURL.path) else {
            throw .missingFile(directory: directory.path, expected: "adapter_config.json")
        }
        let adapter = try PEFTAdapterConfiguration(contentsOf: configURL)
        let targets = try LoRATargets(adapter, model: configuration)

        let weightURL = ["adapter_model.safetensors", "adapter_model.bin"]
            .map { directory.appendingPathComponent($0) }
            .first { FileManager.default.fileExists(atPath: $0.path) }
        guard let weightURL else {
            throw .missingFile(directory: directory.path, expected: "adapter_model.safetensors or adapter_model.bin")
        }
        let contents = try WeightFiles.readSingle(weightURL)
        let fileName = weightURL.lastPathComponent
        var unused = Dictionary(uniqueKeysWithValues: contents.tensors.map { ($0.name, $0) })

        var pairs: [Pair] = []
        for module in targets.modules {
            let weightName = LlamaTensorName.layer(module.layer, module.tensor)
            guard let baseShape = baseShapes[weightName], baseShape.count == 2 else {
                throw .missingTensor(name: weightName, file: "base checkpoint")
            }
            let (outFeatures, inFeatures) = (baseShape[0], baseShape[1])
            let prefix = "base_model.model." + module.path
            let aName = prefix + ".lora_A.weight"
            let bName = prefix + ".lora_B.weight"
            guard let a = unused.removeValue(forKey: aName) else { throw .missingTensor(name: aName, file: fileName) }
            guard let b = unused.removeValue(forKey: bName) else { throw .missingTensor(name: bName, file: fileName) }
            guard a.shape == [module.rank, inFeatures] else {
                throw .adapterShapeMismatch(tensor: aName, file: fileName, expected: [module.rank, inFeatures], actual: a.shape)
            }
            guard b.shape == [outFeatures, module.rank] else {
                throw .adapterShapeMismatch(tensor: bName, file: fileName, expected: [outFeatures, module.rank], actual: b.shape)
            }
            pairs.append(Pair(
                weightName: weightName, a: a, b: b, scale: module.scale, merges: baseFormats[weightName] == .float32))
        }
        guard unused.isEmpty else { throw .unusedAdapterTensors(file: fileName, names: unused.keys.sorted()) }

        self.pairs = pairs
        summary = AdapterSummary(
            rank: adapter.rank, alpha: adapter.alpha,
            targetModules: Set(targets.modules.map(\.tensor.moduleName)).sorted(),
            scale: adapter.usesRankStabilizedScaling ? adapter.alpha / Double(adapter.rank).squareRoot()
                : adapter.alpha / Double(adapter.rank),
            usesRankStabilizedScaling: adapter.usesRankStabilizedScaling,
            rankPattern: adapter.rankPattern, alphaPattern: adapter.alphaPattern,
            mergedModuleCount: pairs.filter(\.merges).count,
            unmergedModuleCount: pairs.filter { !$0.merges }.count,
            files: [FileSummary(name: "adapter_config.json", byteCount: nil)]
                + contents.files.map { FileSummary(name: $0.name, byteCount: $0.byteCount) },
            storedDTypes: Set(contents.tensors.map(\.format)).map(\.rawValue).sorted())
    }

    /// Bytes the Float32 A and B of the unmerged adapters will occupy.
    var unmergedByteCount: Int {
        pairs.filter { !$0.merges }.reduce(0) { $0 + ($1.a.elementCount + $1.b.elementCount) * MemoryLayout<Float>.stride }
    }

    /// Adds `scale · B·A` to each targeted Float32 weight in `weights` (which hold every base weight
    /// `init` checked) and returns the adapters of the 16-bit ones, by weight name.
    func apply(to weights: [String: CheckpointTensor]) -> [String: LowRankAdapter] {
        var unmerged: [String: LowRankAdapter] = [:]
        for pair in pairs {
            guard let target = weights[pair.weightName] else {
                preconditionFailure("'\(pair.weightName)' was checked when the adapter was prepared")
            }
            let rank = pair.a.shape[0]
            let a = Matrix(pair.a.convert(), rows: rank, columns: pair.a.shape[1])  // [r, in]
            let b = Matrix(pair.b.convert(), rows: pair.b.shape[0], columns: rank)  // [out, r]
            // PEFT multiplies the fp32 product by the scale as a Float.
            guard pair.merges, let weight = target.weight.float32Matrix else {
                unmerged[pair.weightName] = LowRankAdapter(a: a, b: b, scale: Float(pair.scale))
                continue
            }
            // W[out, in] += scale · B[out, r] · A[r, in]
            BLAS.gemm(b, a, into: weight, alpha: Float(pair.scale), beta: 1)
        }
        return unmerged
    }
}

/// A LoRA adapter kept beside a 16-bit base weight W: the projection is
/// `x·Wᵀ + scale · (x·Aᵀ)·Bᵀ`, the low-rank path in Float32 (PEFT's `LoraLayer.forward`).
package struct LowRankAdapter: @unchecked Sendable {
    // @unchecked Sendable: A and B are filled at load and never written again.

    /// `lora_A.weight` `[r, in]`, widened to Float32.
    package let a: Matrix
    /// `lora_B.weight` `[out, r]`, widened to Float32.
    package let b: Matrix
    /// `lora_alpha / r`, or `lora_alpha / sqrt(r)` with rsLoRA, as a Float.
    package let scale: Float

    package var rank: Int { a.rows }
    /// Bytes of A and B in memory.
    package var byteCount: Int { (a.rows * a.columns + b.rows * b.columns) * MemoryLayout<Float>.stride }
}
