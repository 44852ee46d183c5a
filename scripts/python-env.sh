# Sourced by the scripts here: puts a Python virtual environment with the reference libraries
# (torch 2.13.0 CPU, transformers, tokenizers, sentencepiece, peft, safetensors) at $RECKON_VENV
# (default .venv-reckon in the repository), creating it from scripts/fixtures/requirements.txt once.
RECKON_VENV=${RECKON_VENV:-"$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.venv-reckon"}
if [ ! -x "$RECKON_VENV/bin/python" ] || ! "$RECKON_VENV/bin/python" -c "import torch, transformers, tokenizers, sentencepiece, peft" 2>/dev/null; then
    echo "creating $RECKON_VENV (torch 2.13.0 CPU, transformers, tokenizers, sentencepiece, peft)..." >&2
    python3 -m venv "$RECKON_VENV"
    "$RECKON_VENV/bin/pip" install -q --upgrade pip >/dev/null
    "$RECKON_VENV/bin/pip" install -q -r "$(dirname "${BASH_SOURCE[0]}")/fixtures/requirements.txt"
fi
PYTHON="$RECKON_VENV/bin/python"
