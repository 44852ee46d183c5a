#!/usr/bin/env bash
# 16-bit weights kept in 16 bits vs widened to float32, side by side in one run:
#   1. the products of one decode step by row count M (reckon-benchmarks half-kernels): float32 sgemv/sgemm,
#      the fp16 direct kernel and fp16 panels + sgemm, on the 85M-parameter model's shapes; this table is
#      where BLAS.directHalfKernelRowLimit comes from;
#   2. a random 134M-parameter LLaMA (hidden 768, 12 layers, 12 heads, intermediate 2048, vocab 32000:
#      85M parameters in the decoder layers) made in fp16 with transformers; `reckon bench` decode tokens/s
#      at batch 1 and 64 with --weights auto (fp16 in memory) and --weights float32, alternating, ROUNDS
#      times; medians and their ratio. With --llama-cpp, llama.cpp (built from the llama-cpp-python sdist
#      by scripts/bench/build-llama-cpp.sh) joins each round with the same model converted to GGUF F16 and
#      F32: llama-bench's tg32 after a 32-token context at batch 1, llama-batched-bench's generation
#      tokens/s for 64 sequences of 32 prompt + 32 new tokens at batch 64;
#   3. with --3b: a random open_llama_3b-shaped fp16 checkpoint (3.43B parameters, 6.85 GB, written tensor
#      by tensor under /tmp, never in float32, deleted at exit); peak RSS (/usr/bin/time) of
#      `reckon complete` with the score settings (max-new-tokens 160) at batch 32 and 64, stopped once
#      every buffer is allocated and decoding runs; `reckon bench` decode tokens/s at batch 1, 32 and 64
#      with fp16 weights and at batch 1 and 32 widened to float32 (short prompts, a few decode steps).
# Usage: scripts/bench/half-weights.sh [--llama-cpp] [--3b | --only-3b] [THREADS] [ROUNDS]
# (Python from scripts/python-env.sh: export RECKON_VENV to use an existing environment)
set -euo pipefail
cd "$(dirname "$0")/../.."
three_b=0 small=1 llama_cpp=0
if [ "${1:-}" = --llama-cpp ]; then llama_cpp=1; shift; fi
case "${1:-}" in
    --3b) three_b=1; shift ;;
    --only-3b) three_b=1 small=0; shift ;;
esac
threads=${1:-$(nproc)}
rounds=${2:-3}
source scripts/python-env.sh
export HF_HUB_DISABLE_PROGRESS_BARS=1 TRANSFORMERS_VERBOSITY=error
work=$(mktemp -d /tmp/half-weights.XXXXXX)
trap 'rm -rf "$work"' EXIT

swift build -c release --product reckon >/dev/null
swift build -c release --product reckon-benchmarks >/dev/null
reckon=.build/release/reckon
echo "CPU: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-<unset>}"
echo "load: $(uptime)"

if [ "$small" = 1 ]; then
echo "== 1. products of one decode step by rows M ($threads threads) =="
OPENBLAS_NUM_THREADS=$threads .build/release/reckon-benchmarks half-kernels

echo "== 2. decode tokens/s, fp16 weights in 16 bits (auto) vs widened to float32, $rounds alternating rounds =="
"$PYTHON" scripts/bench/make_random_llama.py "$work/llama-134m-f16" --dtype float16
"$reckon" inspect --model "$work/llama-134m-f16" | grep -E "^(parameters|stored dtypes|in memory):"
kinds="auto float32"
if [ "$llama_cpp" = 1 ]; then
    llama_dir=$(scripts/bench/build-llama-cpp.sh)
    "$PYTHON" -m pip install -q "numpy<3" >/dev/null
    for type in f16 f32; do
        PYTHONPATH="$llama_dir/gguf-py" "$PYTHON" "$llama_dir/convert_hf_to_gguf.py" "$work/llama-134m-f16" \
            --outtype "$type" --outfile "$work/llama-134m-$type.gguf" >"$work/convert-$type.txt" 2>&1 \
            || { cat "$work/convert-$type.txt"; exit 1; }
    done
    kinds="auto float32 llama.cpp-f16 llama.cpp-f32"
fi
# Decode tokens/s of one kind at one batch size.
decode_rate() {
    local kind=$1 batch=$2
    case "$kind" in
        auto | float32)
            "$reckon" bench --model "$work/llama-134m-f16" --weights "$kind" --batch-sizes "$batch" \
                --threads "$threads" --prompt-tokens 32 --new-tokens 32 | awk -v b="$batch" '$1 == b { print $3 }' ;;
        llama.cpp-*)
            local gguf="$work/llama-134m-${kind#llama.cpp-}.gguf"
            if [ "$batch" = 1 ]; then
                "$llama_dir/build/bin/llama-bench" -m "$gguf" -p 0 -n 32 -d 32 -t "$threads" -r 2 -o csv 2>/dev/null \
                    | "$PYTHON" -c 'import csv, sys; print(next(csv.DictReader(sys.stdin))["avg_ts"])'
            else
                "$llama_dir/build/bin/llama-batched-bench" -m "$gguf" -c $((batch * 64)) -b 2048 -ub 512 -npp 32 \
                    -ntg 32 -npl "$batch" -t "$threads" 2>/dev/null \
                    | awk -F'|' '$4 + 0 == '"$batch"' { gsub(/ /, "", $9); print $9 }'
            fi ;;
    esac
}
results="$work/decode.tsv"
for round in $(seq "$rounds"); do
    for batch in 1 64; do
        for kind in $kinds; do
            printf '%s\t%s\t%s\t%s\n' "$round" "$batch" "$kind" "$(decode_rate "$kind" "$batch")" >>"$results"
        done
    done
done
"$PYTHON" - "$results" <<'PY'
import statistics, sys
rows = [line.split("\t") for line in open(sys.argv[1]).read().split("\n") if line]
kinds = list(dict.fromkeys(r[2] for r in rows))
def median(batch, kind):
    return statistics.median(float(r[3]) for r in rows if r[1] == batch and r[2] == kind)
print("decode tokens/s, medians of the rounds (per round in brackets); ratios of the medians")
print("batch  " + "  ".join(f"{k:>22}" for k in kinds) + "  fp16/float32" + ("  fp16/llama.cpp-f16" if "llama.cpp-f16" in kinds else ""))
for batch in ["1", "64"]:
    cells = []
    for kind in kinds:
        per_round = "/".join(f"{float(r[3]):.0f}" for r in rows if r[1] == batch and r[2] == kind)
        cells.append(f"{median(batch, kind):7.1f} ({per_round})".rjust(22))
    line = f"{batch:>5}  " + "  ".join(cells) + f"  {median(batch, 'auto') / median(batch, 'float32'):11.2f}x"
    if "llama.cpp-f16" in kinds:
        line += f"  {median(batch, 'auto') / median(batch, 'llama.cpp-f16'):17.2f}x"
    print(line)
PY
echo "reckon bench detail (fp16 weights, auto):"
"$reckon" bench --model "$work/llama-134m-f16" --batch-sizes 1,16,64,256 --threads "$threads"
echo "reckon bench detail (the same weights widened, float32):"
"$reckon" bench --model "$work/llama-134m-f16" --weights float32 --batch-sizes 1,16,64,256 --threads "$threads"
rm -rf "$work/llama-134m-f16"
fi

[ "$three_b" = 1 ] || exit 0
echo "== 3. open_llama_3b-shaped fp16 checkpoint =="
model="$work/llama-3b-f16"
/usr/bin/time -f "written in %e s, writer max RSS %M KB" "$PYTHON" scripts/bench/make_random_llama_3b.py "$model"
"$reckon" inspect --model "$model" | grep -E "^(parameters|stored dtypes|in memory):"
for batch in 32 64; do
    head -n "$batch" eval-sets/in-domain.jsonl >"$work/prompts-$batch.jsonl"
    # Every buffer (weights, KV cache for prompt + 160 positions, activations) is allocated and
    # written before the first forward pass, and a decode step allocates nothing
    # (scripts/bench/count-step-allocations.sh), so the peak is reached within the first steps;
    # the run is stopped after RECKON_3B_SECONDS. The peak is read from the kernel (VmHWM of the
    # process) just before it is stopped, and from /usr/bin/time.
    /usr/bin/time -f "batch $batch: /usr/bin/time max RSS %M KB" "$reckon" complete --model "$model" \
        --in "$work/prompts-$batch.jsonl" --out "$work/out-$batch.jsonl" --batch-size "$batch" \
        --max-new-tokens 160 --threads "$threads" 2>"$work/complete-$batch.txt" &
    time_pid=$!
    sleep "${RECKON_3B_SECONDS:-150}"
    reckon_pid=$(pgrep -P "$time_pid" || true)
    if [ -n "$reckon_pid" ]; then
        echo "batch $batch: $(grep VmHWM "/proc/$reckon_pid/status" | tr -s ' \t' ' ') peak resident after ${RECKON_3B_SECONDS:-150} s"
        kill -KILL "$reckon_pid"
    fi
    wait "$time_pid" || true
    grep -E "max RSS|error|decoded" "$work/complete-$batch.txt" || true
done
free -g | head -2
echo "fp16 weights kept in 16 bits (auto):"
"$reckon" bench --model "$model" --batch-sizes 1,32,64 --prompt-tokens 8 --new-tokens 4 --threads "$threads"
echo "the same weights widened to float32 (13.7 GB):"
"$reckon" bench --model "$model" --weights float32 --batch-sizes 1,32 --prompt-tokens 8 --new-tokens 4 --threads "$threads"
