#!/usr/bin/env bash
# Checks that a decode step allocates nothing: counts malloc/calloc/realloc/posix_memalign/aligned_alloc
# calls of `reckon bench` on the tiny fixture model (LD_PRELOAD shim) for 8, 24 and 40 new tokens.
# Equal counts mean the extra decode steps made no allocation at all.
# Usage: scripts/bench/count-step-allocations.sh [path/to/reckon]   (default .build/release/reckon)
set -euo pipefail
cd "$(dirname "$0")/../.."
reckon=${1:-.build/release/reckon}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/count.c" <<'C'
#define _GNU_SOURCE
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
static atomic_long calls;
extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);
void *malloc(size_t n) { atomic_fetch_add(&calls, 1); return __libc_malloc(n); }
void *calloc(size_t a, size_t b) { atomic_fetch_add(&calls, 1); return __libc_calloc(a, b); }
void *realloc(void *p, size_t n) { atomic_fetch_add(&calls, 1); return __libc_realloc(p, n); }
int posix_memalign(void **out, size_t alignment, size_t n) {
    atomic_fetch_add(&calls, 1);
    void *p = __libc_memalign(alignment, n);
    if (!p) return 12;
    *out = p;
    return 0;
}
void *aligned_alloc(size_t alignment, size_t n) { atomic_fetch_add(&calls, 1); return __libc_memalign(alignment, n); }
__attribute__((destructor)) static void report(void) { fprintf(stderr, "allocations: %ld\n", atomic_load(&calls)); }
C
gcc -O2 -shared -fPIC -o "$work/count.so" "$work/count.c"
for tokens in 8 24 40; do
    count=$(LD_PRELOAD="$work/count.so" "$reckon" bench --model Tests/Fixtures/llama-f32 --batch-sizes 16 \
        --threads 1 --prompt-tokens 20 --new-tokens "$tokens" 2>&1 >/dev/null | sed -n 's/^allocations: //p')
    echo "new tokens $tokens: $count allocations"
done
