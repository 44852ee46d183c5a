#!/usr/bin/env bash
# Builds llama.cpp's llama-bench and llama-batched-bench for this CPU from the llama.cpp source that the
# llama-cpp-python 0.3.36 sdist on PyPI vendors (what `pip install llama-cpp-python` compiles), and prints
# the source directory (binaries in build/bin, convert_hf_to_gguf.py and gguf-py at the top). The sdist's
# SHA-256 is checked against PyPI's; cmake and ninja come from PyPI into a private venv. Cached under
# ${XDG_CACHE_HOME:-~/.cache}/reckon/llama-cpp-python-0.3.36; about 15-20 minutes on 2 cores.
# Usage: scripts/bench/build-llama-cpp.sh   (needs curl, python3 and a C++ compiler)
set -euo pipefail
version=0.3.36
cache="${XDG_CACHE_HOME:-$HOME/.cache}/reckon/llama-cpp-python-$version"
source_dir="$cache/llama_cpp_python-$version/vendor/llama.cpp"
if [ -x "$source_dir/build/bin/llama-bench" ] && [ -x "$source_dir/build/bin/llama-batched-bench" ]; then
    echo "$source_dir"
    exit 0
fi
mkdir -p "$cache"
read -r url digest < <(curl -fsS "https://pypi.org/pypi/llama-cpp-python/$version/json" | python3 -c '
import json, sys
for f in json.load(sys.stdin)["urls"]:
    if f["packagetype"] == "sdist":
        print(f["url"], f["digests"]["sha256"])')
[ -f "$cache/sdist.tar.gz" ] || curl -fsS -o "$cache/sdist.tar.gz" "$url"
echo "$digest  $cache/sdist.tar.gz" | sha256sum -c --quiet - >&2
[ -d "$source_dir" ] || tar -xzf "$cache/sdist.tar.gz" -C "$cache"
[ -x "$cache/venv/bin/cmake" ] || { python3 -m venv "$cache/venv" && "$cache/venv/bin/pip" install -q cmake ninja >&2; }
# CPU only, tuned for this CPU (GGML_NATIVE, as llama-cpp-python's default build), no network code.
"$cache/venv/bin/cmake" -S "$source_dir" -B "$source_dir/build" -G Ninja -DCMAKE_MAKE_PROGRAM="$cache/venv/bin/ninja" \
    -DCMAKE_BUILD_TYPE=Release -DGGML_NATIVE=ON -DLLAMA_CURL=OFF -DLLAMA_OPENSSL=OFF -DLLAMA_BUILD_SERVER=OFF \
    -DLLAMA_BUILD_TESTS=OFF >&2
"$cache/venv/bin/ninja" -C "$source_dir/build" llama-bench llama-batched-bench >&2
echo "$source_dir"
