# Sourced by the scripts here: puts a Python virtual environment with the reference libraries
# (torch 2.13.0, transformers, tokenizers, sentencepiece, peft, safetensors, accelerate) and the
# training recipe's tools (matplotlib, pytest) and `transformers serve`'s extras (fastapi, uvicorn, openai)
# at $RECKON_VENV (default .venv-reckon in the repository), creating it once from training/requirements.txt
# (the same pins as scripts/fixtures/requirements.txt, plus the serving extras).
# Which torch build: RECKON_TORCH=cpu (the default) or cuda. The plain pin torch==2.13.0 resolves to
# whatever the package index serves first: on this project's machines, which reach only PyPI, a local CPU
# build; elsewhere on Linux, PyPI's multi-GB CUDA build. So with cpu, torch comes first from PyTorch's CPU
# wheel index when that is reachable, and from the plain pin when it is not; with cuda, from the plain pin.
RECKON_VENV=${RECKON_VENV:-"$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.venv-reckon"}
RECKON_TORCH=${RECKON_TORCH:-cpu}
if [ "$RECKON_TORCH" != cpu ] && [ "$RECKON_TORCH" != cuda ]; then
    echo "RECKON_TORCH must be cpu or cuda, not '$RECKON_TORCH'" >&2
    return 1
fi
if [ ! -x "$RECKON_VENV/bin/python" ] || ! "$RECKON_VENV/bin/python" -c "import torch, transformers, tokenizers, sentencepiece, peft, accelerate, matplotlib, pytest, fastapi, uvicorn, openai" 2>/dev/null; then
    echo "creating $RECKON_VENV (torch 2.13.0 $RECKON_TORCH, transformers, tokenizers, sentencepiece, peft, pytest)..." >&2
    python3 -m venv "$RECKON_VENV"
    "$RECKON_VENV/bin/pip" install -q --upgrade pip >/dev/null
    torch_cpu_index=https://download.pytorch.org/whl/cpu
    # 2.13.0+cpu satisfies the pin torch==2.13.0 in requirements.txt, so the install below keeps it.
    if [ "$RECKON_TORCH" = cpu ] && timeout 15 "$RECKON_VENV/bin/python" -c \
        'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=10)' "$torch_cpu_index/torch/" 2>/dev/null; then
        "$RECKON_VENV/bin/pip" install -q torch==2.13.0 --index-url "$torch_cpu_index"
    fi
    "$RECKON_VENV/bin/pip" install -q -r "$(dirname "${BASH_SOURCE[0]}")/../training/requirements.txt"
fi
PYTHON="$RECKON_VENV/bin/python"
