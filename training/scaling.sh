#!/usr/bin/env bash
# The data-scaling experiment at CPU scale: the tiny recipe (one epoch, seed 1) on 2,000, 20,000 and 200,000
# training puzzles (nested: `reckon generate` with one seed gives each smaller set as a prefix of the larger),
# each model scored by `reckon score` on all four test sets, then the comparison table and the plots.
# The 200,000-puzzle model is the one bundled as models/tiny.
# Usage: training/scaling.sh [WORK_DIR]   (default runs/; one core per training run, ~40 min for 200k here)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/python-env.sh
work=${1:-runs}
mkdir -p "$work/data" results/scaling
swift build -c release --product reckon >/dev/null
for size in 2000 20000 200000; do
    .build/release/reckon generate --set train --count "$size" --seed 1 --out "$work/data/train-$size.jsonl"
done
train() { # size name
    OMP_NUM_THREADS=1 "$PYTHON" training/train.py --recipe tiny --num-threads 1 --seed 1 \
        --train-file "$work/data/train-$1.jsonl" --output-dir "$work/tiny-$2"
}
train 200000 200k &
big=$!
train 2000 2k
train 20000 20k
wait "$big"
mkdir -p results/scaling/logs
for name in 2k 20k 200k; do
    cp "$work/tiny-$name/train_log.jsonl" "results/scaling/logs/tiny-$name.jsonl"
    cp "$work/tiny-$name/run.json" "results/scaling/logs/tiny-$name.train.json"
done
# Scored as the committed runs were (results/README.md): batch 64, no early stop. A committed run directory
# refuses other settings or another model; remove it first to score a retrained model whose hash differs.
for name in 2k 20k; do
    .build/release/reckon score --model "$work/tiny-$name/model" --batch-size 64 --threads 1 --no-early-stop \
        --out "results/tiny-$name"
done
# The largest run is the model that ships with Reckon (`reckon score` without --model scores models/tiny).
rm -rf models/tiny && cp -r "$work/tiny-200k/model" models/tiny
.build/release/reckon score --batch-size 64 --threads 1 --no-early-stop --out results/tiny-200k
.build/release/reckon compare results/tiny-2k results/tiny-20k results/tiny-200k --paper --out results/scaling/table.md
.build/release/reckon compare results/tiny-2k results/tiny-20k results/tiny-200k --paper --format html \
    --out results/scaling/table.html
"$PYTHON" training/plot_loss.py results/scaling/logs/tiny-{2k,20k,200k}.jsonl --x tokens \
    --labels 2k,20k,200k --out results/scaling/loss.svg
"$PYTHON" training/plot_scaling.py results/tiny-2k:2000 results/tiny-20k:20000 results/tiny-200k:200000 \
    --out results/scaling/pass-at-1.svg
