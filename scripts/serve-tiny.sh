#!/usr/bin/env bash
# Starts `transformers serve` (OpenAI-compatible, /v1/completions) on models/tiny at 127.0.0.1, offline, in
# float32 on the CPU, and waits until it answers; prints `PID PORT`. Stop it with `kill PID`.
#   scripts/serve-tiny.sh [PORT] [LOG]      (PORT default: a free one; LOG default: /tmp/reckon-serve-PORT.log)
# The Python environment comes from scripts/python-env.sh (transformers 5.24 with its serving extras).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/python-env.sh >&2   # stdout carries only "PID PORT"
port=${1:-$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
log=${2:-/tmp/reckon-serve-$port.log}
# One torch thread: on a shared 2-core machine more threads wait for each other (as OpenBLAS's do).
HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 OMP_NUM_THREADS=${OMP_NUM_THREADS:-1} \
    nohup "$RECKON_VENV/bin/transformers" serve models/tiny --host 127.0.0.1 --port "$port" \
    --device cpu --dtype float32 >"$log" 2>&1 </dev/null &
pid=$!
# Bounded wait: 180 s for torch to import and the model to load.
for _ in $(seq 1 180); do
    if "$PYTHON" -c "import sys, urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/health', timeout=2)" 2>/dev/null; then
        echo "$pid $port"
        exit 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
        echo "transformers serve exited; its log ($log):" >&2
        cat "$log" >&2
        exit 1
    fi
    sleep 1
done
echo "transformers serve did not answer on 127.0.0.1:$port within 180 s; log: $log" >&2
kill "$pid"
exit 1
