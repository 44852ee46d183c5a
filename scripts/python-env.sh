# Sourced by the scripts here: puts a Python virtual environment with the reference libraries
# (torch 2.13.0, transformers, tokenizers, sentencepiece, peft, safetensors, accelerate) and the
# training recipe's tools (matplotlib, pytest) and `transformers serve`'s extras (fastapi, uvicorn, openai)
# at $RECKON_VENV (default .venv-reckon in the repository), creating it once from training/requirements.txt
# (the same pins as scripts/fixtures/requirements.txt, plus the serving extras).
# Which torch build, an explicit choice: RECKON_TORCH=pypi (the default) installs the plain pin
# torch==2.13.0 as the package index serves it: on this project's machines, which reach only PyPI, a local
# CPU build (offline); elsewhere on Linux, PyPI's multi-GB CUDA build. RECKON_TORCH=cpu takes the CPU-only
# build from PyTorch's own wheel index instead (needs that index to be reachable); RECKON_TORCH=cuda is the
# plain pin too, said explicitly. Nothing is probed: the network is used only as chosen.
RECKON_VENV=${RECKON_VENV:-"$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.venv-reckon"}
RECKON_TORCH=${RECKON_TORCH:-pypi}
if [ "$RECKON_TORCH" != pypi ] && [ "$RECKON_TORCH" != cpu ] && [ "$RECKON_TORCH" != cuda ]; then
    echo "RECKON_TORCH must be pypi, cpu or cuda, not '$RECKON_TORCH'" >&2
    return 1
fi
if [ ! -x "$RECKON_VENV/bin/python" ] || ! "$RECKON_VENV/bin/python" -c "import torch, transformers, tokenizers, sentencepiece, peft, accelerate, matplotlib, pytest, fastapi, uvicorn, openai" 2>/dev/null; then
    echo "creating $RECKON_VENV (torch 2.13.0 $RECKON_TORCH, transformers, tokenizers, sentencepiece, peft, pytest)..." >&2
    python3 -m venv "$RECKON_VENV"
    "$RECKON_VENV/bin/pip" install -q --upgrade pip >/dev/null
    torch_cpu_index=https://download.pytorch.org/whl/cpu
    # 2.13.0+cpu satisfies the pin torch==2.13.0 in requirements.txt, so the install below keeps it.
    if [ "$RECKON_TORCH" = cpu ]; then
        "$RECKON_VENV/bin/pip" install -q torch==2.13.0 --index-url "$torch_cpu_index"
    fi
    "$RECKON_VENV/bin/pip" install -q -r "$(dirname "${BASH_SOURCE[0]}")/../training/requirements.txt"
fi
PYTHON="$RECKON_VENV/bin/python"
