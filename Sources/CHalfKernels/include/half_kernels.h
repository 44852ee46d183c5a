#ifndef RECKON_HALF_KERNELS_H
#define RECKON_HALF_KERNELS_H
// Matrix products with 16-bit weights (IEEE binary16 or bfloat16) and float32 activations.
// Every weight is widened exactly to float32 in registers; every product and sum is float32.
// A vector path (AVX2 + FMA + F16C, chosen at run time from the CPU's flags) and a portable scalar
// path compute the same sums; they may round differently (summation order, FMA).
#include <stddef.h>
#include <stdint.h>

/// Weight encodings.
enum {
    RECKON_HALF_FLOAT16 = 0,
    RECKON_HALF_BFLOAT16 = 1,
};

/// Instruction sets a kernel can use.
enum {
    RECKON_HALF_PORTABLE = 0,
    RECKON_HALF_AVX2 = 1,
};

/// The best level this CPU supports (RECKON_HALF_AVX2 when it has AVX2, FMA and F16C).
int reckon_half_best_level(void);

/// For rows r in [row_begin, row_end) of w (stored [rows][k], leading dimension ldw) and every
/// input row b < m:  y[b * ldy + r] = sum over j < k of x[b * ldx + j] * widen(w[r * ldw + j]),
/// i.e. y = x · wᵀ for an nn.Linear weight. y is overwritten. `level` above the CPU's is lowered.
void reckon_half_gemm_nt(int level, int format, const uint16_t *w, size_t ldw, const float *x, size_t ldx,
                         float *y, size_t ldy, size_t m, size_t row_begin, size_t row_end, size_t k);

/// dst[i] = widen(src[i]) for i < count: exact, subnormals and infinities included; a NaN stays a
/// NaN with its sign and payload (the vector path sets the quiet bit of a signalling NaN).
void reckon_half_widen(int level, int format, const uint16_t *src, float *dst, size_t count);

/// Index of the first element of src that is an infinity or NaN, or count if there is none.
size_t reckon_half_first_nonfinite(int format, const uint16_t *src, size_t count);

#endif
