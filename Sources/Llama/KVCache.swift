import TensorCore

/// Keys and values of every layer for `slotCount` sequences of up to `positionCapacity`
/// positions, after the rotary embedding (keys) and before any head repetition (GQA).
///
/// Layout: `[layer][slot][position][kvHeads · headDim]`, one buffer for keys and one for values.
/// A slot's rows `0..<p` are valid once positions `0..<p` of its sequence went through the
/// forward pass; a slot reused for the next prompt is simply overwritten from position 0.
final class KVCache {
    let layerCount: Int
    let slotCount: Int
    let positionCapacity: Int
    /// `kvHeads · headDim`
    let rowWidth: Int
    let keys: FloatBuffer
    let values: FloatBuffer

    init(layerCount: Int, slotCount: Int, positionCapacity: Int, rowWidth: Int) {
        self.layerCount = layerCount
        self.slotCount = slotCount
        self.positionCapacity = positionCapacity
        self.rowWidth = rowWidth
        guard let count = Self.elementCount(
            layerCount: layerCount, slotCount: slotCount, positionCapacity: positionCapacity, rowWidth: rowWidth)
        else { preconditionFailure("KV cache size overflows; GreedyDecoder checks the memory budget first") }
        keys = FloatBuffer(count: count)
        values = FloatBuffer(count: count)
    }

    /// Elements in each of the two buffers, or nil if that overflows `Int`.
    static func elementCount(layerCount: Int, slotCount: Int, positionCapacity: Int, rowWidth: Int) -> Int? {
        var total = 1
        for factor in [layerCount, slotCount, positionCapacity, rowWidth] {
            let (product, overflow) = total.multipliedReportingOverflow(by: factor)
            if overflow { return nil }
            total = product
        }
        return total
    }

    /// Element offset of row (`layer`, `slot`, `position`) in `keys` and `values`.
    func offset(layer: Int, slot: Int, position: Int) -> Int {
        precondition(layer < layerCount && slot < slotCount && position < positionCapacity,
            "KV cache row (layer \(layer), slot \(slot), position \(position)) outside "
                + "\(layerCount) × \(slotCount) × \(positionCapacity)")
        return ((layer * slotCount + slot) * positionCapacity + position) * rowWidth
    }

    /// The first `count` positions of `slot` in `layer` as a `count × rowWidth` matrix of `buffer`.
    func rows(of buffer: FloatBuffer, layer: Int, slot: Int, count: Int) -> Matrix {
        Matrix(buffer, offset: offset(layer: layer, slot: slot, position: 0), rows: count, columns: rowWidth)
    }
}
