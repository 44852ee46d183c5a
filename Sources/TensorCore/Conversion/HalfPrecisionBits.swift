#if _endian(big)
#error("TensorCore reads little-endian tensor data by reinterpreting host memory; big-endian hosts are not supported")
#endif

/// Float32 bit pattern of an IEEE binary16 value, exactly (every finite value is representable).
///
/// Written with integer operations rather than `Float(Float16(bitPattern:))` because, without
/// `-target-cpu` (the manifest uses no unsafe flags), that initializer is a software routine
/// call per element; this version is branch-light and inlines into the conversion loop.
/// Infinities keep their sign; NaNs keep sign and payload (shifted into the top of the Float32
/// mantissa), so a signalling NaN stays signalling.
@inline(__always)
func float32Bits(fromFloat16Bits half: UInt16) -> UInt32 {
    let bits = UInt32(half)
    let sign = (bits & 0x8000) << 16
    let exponentAndMantissa = bits & 0x7FFF
    let exponent = bits & 0x7C00
    // Move exponent and mantissa into place and rebias the exponent from 15 to 127: +112 << 23.
    var magnitude = (exponentAndMantissa << 13) &+ 0x3800_0000
    if exponent == 0x7C00 {
        // Infinity or NaN: binary16 exponent 31 must become 255, another +128 - 16 = 112.
        magnitude &+= 0x3800_0000
    } else if exponent == 0 {
        // Zero or subnormal: m · 2^-24. Give the value an implicit bit at exponent -14, then
        // subtract 2^-14 in Float32, which is exact (the result has at most 10 significant bits).
        let withImplicitBit = Float(bitPattern: magnitude &+ 0x0080_0000)
        magnitude = (withImplicitBit - Float(bitPattern: 0x3880_0000)).bitPattern
    }
    return sign | magnitude
}

/// Float32 bit pattern of a bfloat16 value: bfloat16 is the upper half of a binary32.
@inline(__always)
func float32Bits(fromBFloat16Bits half: UInt16) -> UInt32 {
    UInt32(half) << 16
}
