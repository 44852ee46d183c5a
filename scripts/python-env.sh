# Sourced by the scripts here: puts a Python virtual environment with the reference libraries
# (torch 2.13.0 CPU, transformers, tokenizers, sentencepiece, peft, safetensors, accelerate) and the
# training recipe's tools (matplotlib, pytest) and `transformers serve`'s extras (fastapi, uvicorn, openai)
# at $RECKON_VENV (default .venv-reckon in the repository), creating it once from training/requirements.txt
# (the same pins as scripts/fixtures/requirements.txt, plus the serving extras).
RECKON_VENV=${RECKON_VENV:-"$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.venv-reckon"}
if [ ! -x "$RECKON_VENV/bin/python" ] || ! "$RECKON_VENV/bin/python" -c "import torch, transformers, tokenizers, sentencepiece, peft, accelerate, matplotlib, pytest, fastapi, uvicorn, openai" 2>/dev/null; then
    echo "creating $RECKON_VENV (torch 2.13.0 CPU, transformers, tokenizers, sentencepiece, peft, pytest)..." >&2
    python3 -m venv "$RECKON_VENV"
    "$RECKON_VENV/bin/pip" install -q --upgrade pip >/dev/null
    "$RECKON_VENV/bin/pip" install -q -r "$(dirname "${BASH_SOURCE[0]}")/../training/requirements.txt"
fi
PYTHON="$RECKON_VENV/bin/python"
