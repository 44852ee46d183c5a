#include "half_kernels.h"

#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define RECKON_HAVE_X86 1
#else
#define RECKON_HAVE_X86 0
#endif

// MARK: - Portable path

// Float32 bits of a binary16 value, exactly (the same branch-free scheme as TensorCore's Swift
// conversion): normal numbers rebias the exponent; exponent 31 becomes 255 (payload kept);
// subnormals are read as 2^-14 · (1 + m/1024) and 2^-14 is subtracted in float32, which is exact.
static inline uint32_t float16_to_bits(uint16_t half) {
    uint32_t bits = half;
    uint32_t sign = (bits & 0x8000u) << 16;
    uint32_t shifted = (bits & 0x7FFFu) << 13;
    uint32_t normal = shifted + 0x38000000u;
    uint32_t special = shifted | 0x7F800000u;
    float tiny, bias;
    uint32_t tiny_bits = shifted + 0x38800000u, bias_bits = 0x38800000u;
    memcpy(&tiny, &tiny_bits, 4);
    memcpy(&bias, &bias_bits, 4);
    float subnormal_value = tiny - bias;
    uint32_t subnormal;
    memcpy(&subnormal, &subnormal_value, 4);
    uint32_t magnitude = shifted >= 0x0F800000u ? special : (shifted < 0x00800000u ? subnormal : normal);
    return sign | magnitude;
}

static inline float widen_one(int format, uint16_t half) {
    uint32_t bits = format == RECKON_HALF_BFLOAT16 ? (uint32_t)half << 16 : float16_to_bits(half);
    float value;
    memcpy(&value, &bits, 4);
    return value;
}

static void gemm_nt_portable(int format, const uint16_t *w, size_t ldw, const float *x, size_t ldx, float *y,
                             size_t ldy, size_t m, size_t row_begin, size_t row_end, size_t k) {
    for (size_t r = row_begin; r < row_end; r++) {
        const uint16_t *row = w + r * ldw;
        for (size_t b = 0; b < m; b++) {
            const float *input = x + b * ldx;
            float sum = 0;
            for (size_t j = 0; j < k; j++) sum += input[j] * widen_one(format, row[j]);
            y[b * ldy + r] = sum;
        }
    }
}

static void widen_portable(int format, const uint16_t *src, float *dst, size_t count) {
    for (size_t i = 0; i < count; i++) dst[i] = widen_one(format, src[i]);
}

// MARK: - AVX2 + FMA + F16C path (compiled for those instructions only in these functions)

#if RECKON_HAVE_X86
#define RECKON_AVX2 __attribute__((target("avx2,fma,f16c")))

RECKON_AVX2 static inline __m256 load8_float16(const uint16_t *p) {
    return _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)p));
}

RECKON_AVX2 static inline __m256 load8_bfloat16(const uint16_t *p) {
    __m256i wide = _mm256_cvtepu16_epi32(_mm_loadu_si128((const __m128i *)p));
    return _mm256_castsi256_ps(_mm256_slli_epi32(wide, 16));
}

RECKON_AVX2 static inline float sum8(__m256 v) {
    __m128 low = _mm256_castps256_ps128(v);
    __m128 high = _mm256_extractf128_ps(v, 1);
    __m128 s = _mm_add_ps(low, high);
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

// One weight row × INPUTS input rows: UNROLL vectors of 8 lanes per input, accumulated with FMA over
// the multiples of 8·UNROLL, then 8 at a time, summed (accumulators in order, then across lanes),
// then the tail added in order. One weight row at a time keeps the weight stream sequential, which
// measured about twice as fast as interleaving 4 rows (docs/performance.md); the row is read from
// memory once and from L1/L2 for later input blocks. One copy per
// weight format (LOAD), so the inner loop has no branch.
#define RECKON_ROW(NAME, LOAD, FORMAT, INPUTS, UNROLL)                                                       \
    RECKON_AVX2 static inline void NAME(const uint16_t *row, const float *x, size_t ldx, float *y,            \
                                        size_t ldy, size_t k) {                                               \
        __m256 acc[INPUTS][UNROLL];                                                                           \
        for (int b = 0; b < INPUTS; b++)                                                                      \
            for (int u = 0; u < UNROLL; u++) acc[b][u] = _mm256_setzero_ps();                                 \
        size_t j = 0;                                                                                         \
        for (; j + 8 * UNROLL <= k; j += 8 * UNROLL) {                                                        \
            for (int u = 0; u < UNROLL; u++) {                                                                \
                __m256 weight = LOAD(row + j + 8 * u);                                                        \
                for (int b = 0; b < INPUTS; b++)                                                              \
                    acc[b][u] = _mm256_fmadd_ps(_mm256_loadu_ps(x + b * ldx + j + 8 * u), weight, acc[b][u]); \
            }                                                                                                 \
        }                                                                                                     \
        for (; j + 8 <= k; j += 8) {                                                                          \
            __m256 weight = LOAD(row + j);                                                                    \
            for (int b = 0; b < INPUTS; b++)                                                                  \
                acc[b][0] = _mm256_fmadd_ps(_mm256_loadu_ps(x + b * ldx + j), weight, acc[b][0]);             \
        }                                                                                                     \
        for (int b = 0; b < INPUTS; b++) {                                                                    \
            __m256 total = acc[b][0];                                                                         \
            for (int u = 1; u < UNROLL; u++) total = _mm256_add_ps(total, acc[b][u]);                         \
            float sum = sum8(total);                                                                          \
            for (size_t t = j; t < k; t++) sum += x[b * ldx + t] * widen_one(FORMAT, row[t]);                 \
            y[b * ldy] = sum;                                                                                 \
        }                                                                                                     \
    }

// Every weight row in [row_begin, row_end) against the input rows, 3 at a time (6 accumulators),
// then the 2 or 1 left (4 accumulators).
#define RECKON_GEMM(NAME, LOAD, FORMAT)                                                                        \
    RECKON_ROW(NAME##_1, LOAD, FORMAT, 1, 4)                                                                  \
    RECKON_ROW(NAME##_2, LOAD, FORMAT, 2, 2)                                                                  \
    RECKON_ROW(NAME##_3, LOAD, FORMAT, 3, 2)                                                                  \
    RECKON_AVX2 static void NAME(const uint16_t *w, size_t ldw, const float *x, size_t ldx, float *y,         \
                                 size_t ldy, size_t m, size_t row_begin, size_t row_end, size_t k) {          \
        for (size_t r = row_begin; r < row_end; r++) {                                                        \
            const uint16_t *row = w + r * ldw;                                                                \
            size_t b = 0;                                                                                     \
            for (; b + 3 <= m; b += 3) NAME##_3(row, x + b * ldx, ldx, y + b * ldy + r, ldy, k);              \
            if (m - b == 2) NAME##_2(row, x + b * ldx, ldx, y + b * ldy + r, ldy, k);                         \
            if (m - b == 1) NAME##_1(row, x + b * ldx, ldx, y + b * ldy + r, ldy, k);                         \
        }                                                                                                     \
    }

RECKON_GEMM(gemm_nt_avx2_float16, load8_float16, RECKON_HALF_FLOAT16)
RECKON_GEMM(gemm_nt_avx2_bfloat16, load8_bfloat16, RECKON_HALF_BFLOAT16)

RECKON_AVX2 static void gemm_nt_avx2(int format, const uint16_t *w, size_t ldw, const float *x, size_t ldx,
                                     float *y, size_t ldy, size_t m, size_t row_begin, size_t row_end,
                                     size_t k) {
    if (format == RECKON_HALF_BFLOAT16) {
        gemm_nt_avx2_bfloat16(w, ldw, x, ldx, y, ldy, m, row_begin, row_end, k);
    } else {
        gemm_nt_avx2_float16(w, ldw, x, ldx, y, ldy, m, row_begin, row_end, k);
    }
}

RECKON_AVX2 static void widen_avx2(int format, const uint16_t *src, float *dst, size_t count) {
    size_t i = 0;
    if (format == RECKON_HALF_FLOAT16) {
        for (; i + 16 <= count; i += 16) {
            _mm256_storeu_ps(dst + i, load8_float16(src + i));
            _mm256_storeu_ps(dst + i + 8, load8_float16(src + i + 8));
        }
    } else {
        for (; i + 16 <= count; i += 16) {
            _mm256_storeu_ps(dst + i, load8_bfloat16(src + i));
            _mm256_storeu_ps(dst + i + 8, load8_bfloat16(src + i + 8));
        }
    }
    for (; i < count; i++) dst[i] = widen_one(format, src[i]);
}
#endif

// MARK: - Dispatch

int reckon_half_best_level(void) {
#if RECKON_HAVE_X86
    static int level = -1;
    if (level < 0) {
        __builtin_cpu_init();
        level = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("f16c")
                    ? RECKON_HALF_AVX2
                    : RECKON_HALF_PORTABLE;
    }
    return level;
#else
    return RECKON_HALF_PORTABLE;
#endif
}

void reckon_half_gemm_nt(int level, int format, const uint16_t *w, size_t ldw, const float *x, size_t ldx,
                         float *y, size_t ldy, size_t m, size_t row_begin, size_t row_end, size_t k) {
#if RECKON_HAVE_X86
    if (level >= RECKON_HALF_AVX2 && reckon_half_best_level() >= RECKON_HALF_AVX2) {
        gemm_nt_avx2(format, w, ldw, x, ldx, y, ldy, m, row_begin, row_end, k);
        return;
    }
#endif
    (void)level;
    gemm_nt_portable(format, w, ldw, x, ldx, y, ldy, m, row_begin, row_end, k);
}

void reckon_half_widen(int level, int format, const uint16_t *src, float *dst, size_t count) {
#if RECKON_HAVE_X86
    if (level >= RECKON_HALF_AVX2 && reckon_half_best_level() >= RECKON_HALF_AVX2) {
        widen_avx2(format, src, dst, count);
        return;
    }
#endif
    (void)level;
    widen_portable(format, src, dst, count);
}

size_t reckon_half_first_nonfinite(int format, const uint16_t *src, size_t count) {
    uint16_t exponent = format == RECKON_HALF_BFLOAT16 ? 0x7F80u : 0x7C00u;
    for (size_t i = 0; i < count; i++) {
        if ((src[i] & exponent) == exponent) return i;
    }
    return count;
}
