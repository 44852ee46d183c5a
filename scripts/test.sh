#!/usr/bin/env bash
# All of the project's tests: the Swift package (`swift test`, no Python needed), then the training recipe's
# (pytest, in the Python environment of scripts/python-env.sh, created on first use).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --product reckon
swift test
source scripts/python-env.sh
RECKON_BIN=.build/debug/reckon "$PYTHON" -m pytest training/tests -q -p no:cacheprovider
