#!/usr/bin/env bash
# Builds llama.cpp's llama-bench and llama-batched-bench for this CPU from the llama.cpp source that the
# llama-cpp-python 0.3.36 sdist vendors (what `pip install llama-cpp-python` compiles), and prints the
# source directory (binaries in build/bin, convert_hf_to_gguf.py and gguf-py at the top). pip downloads the
# sdist from whatever package index it is configured for, and its SHA-256 must equal the one pinned here;
# cmake and ninja come from the same index into a private venv. Cached under
# ${XDG_CACHE_HOME:-~/.cache}/reckon/llama-cpp-python-0.3.36; about 15-20 minutes on 2 cores.
# Usage: scripts/bench/build-llama-cpp.sh   (needs python3 with venv and a C++ compiler)
set -euo pipefail
version=0.3.36
# The sdist's SHA-256, pinned so that a file that changed on the index is refused rather than built.
sdist_sha256=832db0699007f1be95a7e41ef12e88926b02ba836461e36a36372db2760c1a2e
cache="${XDG_CACHE_HOME:-$HOME/.cache}/reckon/llama-cpp-python-$version"
sdist="$cache/llama_cpp_python-$version.tar.gz"
source_dir="$cache/llama_cpp_python-$version/vendor/llama.cpp"
if [ -x "$source_dir/build/bin/llama-bench" ] && [ -x "$source_dir/build/bin/llama-batched-bench" ]; then
    echo "$source_dir"
    exit 0
fi
mkdir -p "$cache"
[ -x "$cache/venv/bin/cmake" ] || { python3 -m venv "$cache/venv" && "$cache/venv/bin/pip" install -q cmake ninja >&2; }
[ -f "$sdist" ] || "$cache/venv/bin/pip" download -q --no-deps --no-binary llama-cpp-python \
    "llama-cpp-python==$version" -d "$cache" >&2
echo "$sdist_sha256  $sdist" | sha256sum -c --quiet - >&2
[ -d "$source_dir" ] || tar -xzf "$sdist" -C "$cache"
# CPU only, tuned for this CPU (GGML_NATIVE, as llama-cpp-python's default build), no network code.
"$cache/venv/bin/cmake" -S "$source_dir" -B "$source_dir/build" -G Ninja -DCMAKE_MAKE_PROGRAM="$cache/venv/bin/ninja" \
    -DCMAKE_BUILD_TYPE=Release -DGGML_NATIVE=ON -DLLAMA_CURL=OFF -DLLAMA_OPENSSL=OFF -DLLAMA_BUILD_SERVER=OFF \
    -DLLAMA_BUILD_TESTS=OFF >&2
"$cache/venv/bin/ninja" -C "$source_dir/build" llama-bench llama-batched-bench >&2
echo "$source_dir"
