#!/usr/bin/env bash
# Decoding throughput, Reckon next to transformers, in one run on the same machine:
#   - builds a random 134M-parameter LLaMA (hidden 768, 12 layers, 12 heads, vocab 32000, fp32 safetensors)
#     with transformers (scripts/bench/make_random_llama.py);
#   - times transformers `generate` (torch 2.13 CPU, greedy) and `reckon complete` on the same in-domain
#     puzzle prompts at batch 1 and 64, and prints decode tokens/s of both and their ratio
#     (scripts/bench/compare_transformers.py; the completions are compared too);
#   - `reckon bench`: prefill/decode tokens/s per batch size and the decode step's GEMM GFLOP/s next to
#     OpenBLAS sgemm alone on the same shapes.
# Usage: scripts/bench/decode.sh [THREADS]   (uses $RECKON_VENV, creating it when missing)
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/python-env.sh
export HF_HUB_DISABLE_PROGRESS_BARS=1 TRANSFORMERS_VERBOSITY=error
threads=${1:-$(nproc)}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

swift build -c release --product reckon >/dev/null
"$PYTHON" scripts/bench/make_random_llama.py "$work/llama-134m"
echo "== transformers generate vs reckon complete ($threads threads) =="
"$PYTHON" scripts/bench/compare_transformers.py --model "$work/llama-134m" --reckon .build/release/reckon \
    --batch-sizes 1,64 --threads "$threads"
echo "== reckon bench =="
.build/release/reckon bench --model "$work/llama-134m" --batch-sizes 1,16,64,256 --threads "$threads"
