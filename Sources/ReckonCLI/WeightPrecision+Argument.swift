public import ArgumentParser
public import Checkpoint

// Public because WeightPrecision is public (the CLI has no clients; ArgumentParser parses the raw values).
extension WeightPrecision: ExpressibleByArgument {}

/// The `--weights` help shared by the commands that load a model.
enum WeightsOption {
    static let help = ArgumentHelp(
        "Weight precision in memory: auto (as stored: fp16/bf16 stay 16-bit, float32 stays float32) or float32.",
        discussion: "All arithmetic is float32 either way; a 16-bit weight is widened exactly inside the products. "
            + "float32 doubles the memory of a 16-bit checkpoint.",
        valueName: "auto|float32")
}
