#if _endian(big)
#error("TensorCore reads little-endian tensor data by reinterpreting host memory; big-endian hosts are not supported")
#endif

/// Float32 bit pattern of an IEEE binary16 value, exactly (every binary16 value is representable).
///
/// Written with integer operations rather than `Float(Float16(bitPattern:))` because, without
/// `-target-cpu` (the manifest uses no unsafe flags), that initializer is a software routine
/// call per element. All three cases are computed and one is selected, without branches, so the
/// conversion loop vectorises even for baseline x86-64.
/// Infinities keep their sign; NaNs keep sign and payload (shifted into the top of the Float32
/// mantissa), so a signalling NaN stays signalling.
@inline(__always)
func float32Bits(fromFloat16Bits half: UInt16) -> UInt32 {
    let bits = UInt32(half)
    let sign = (bits & 0x8000) << 16
    let shifted = (bits & 0x7FFF) << 13  // exponent and mantissa in their Float32 positions
    // Normal numbers: rebias the exponent from 15 to 127, i.e. add 112 << 23.
    let normal = shifted &+ 0x3800_0000
    // Infinity and NaN: binary16 exponent 31 becomes 255; the mantissa (payload) is kept.
    let infinityOrNaN = shifted | 0x7F80_0000
    // Zero and subnormals, m · 2^-24: read the bits as 2^-14 · (1 + m / 1024) and subtract 2^-14
    // in Float32, which is exact (the result has at most 10 significant bits).
    let subnormal = (Float(bitPattern: shifted &+ 0x3880_0000) - Float(bitPattern: 0x3880_0000)).bitPattern
    let magnitude = shifted >= 0x0F80_0000 ? infinityOrNaN : (shifted < 0x0080_0000 ? subnormal : normal)
    return sign | magnitude
}

/// Float32 bit pattern of a bfloat16 value: bfloat16 is the upper half of a binary32.
@inline(__always)
func float32Bits(fromBFloat16Bits half: UInt16) -> UInt32 {
    UInt32(half) << 16
}
