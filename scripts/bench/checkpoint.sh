#!/usr/bin/env bash
# Checkpoint loading and tokenization throughput, Reckon next to the reference libraries, in one run:
#   - three ~430 MB checkpoints (fp16 and bf16 safetensors, fp16 torch .bin) of a random ~217M-parameter
#     LLaMA made with transformers; Reckon's load to Float32 (best of 3, warm page cache) next to
#     transformers' from_pretrained(dtype=float32) of the same directory, and the raw conversion rates;
#   - encoding the test sets' prompts and responses with tokenizer.model and tokenizer.json, Reckon next to
#     sentencepiece and tokenizers (one thread each).
# Usage: scripts/bench/checkpoint.sh   (uses $RECKON_VENV, creating it when missing)
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/python-env.sh
export HF_HUB_DISABLE_PROGRESS_BARS=1 TRANSFORMERS_VERBOSITY=error
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

swift build -c release --product reckon-benchmarks >/dev/null

"$PYTHON" - "$work" <<'PY'
import os, sys, torch
import transformers
from transformers import LlamaConfig, LlamaForCausalLM
transformers.utils.logging.disable_progress_bar()
torch.manual_seed(0)
config = LlamaConfig(hidden_size=1024, intermediate_size=2816, num_hidden_layers=12, num_attention_heads=16,
                     vocab_size=32000, max_position_embeddings=512)
model = LlamaForCausalLM(config)
for name, dtype, safe in [("bench-f16", torch.float16, True), ("bench-bf16", torch.bfloat16, True),
                          ("bench-f16-bin", torch.float16, False)]:
    path = os.path.join(sys.argv[1], name)
    copy = model.to(dtype)
    if safe:
        copy.save_pretrained(path)
    else:
        copy.config.save_pretrained(path)
        torch.save(copy.state_dict(), os.path.join(path, "pytorch_model.bin"))
print(f"random LLaMA: {sum(p.numel() for p in model.parameters()) / 1e6:.0f}M parameters")
PY

echo "== transformers from_pretrained(dtype=float32), best of 3 =="
"$PYTHON" - "$work" <<'PY'
import os, sys, time, torch, warnings
warnings.filterwarnings("ignore")
import transformers
from transformers import LlamaForCausalLM
transformers.utils.logging.set_verbosity_error()
transformers.utils.logging.disable_progress_bar()
torch.set_num_threads(os.cpu_count())
for name in ["bench-f16", "bench-bf16", "bench-f16-bin"]:
    path = os.path.join(sys.argv[1], name)
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        model = LlamaForCausalLM.from_pretrained(path, dtype=torch.float32)
        best = min(best, time.perf_counter() - start)
        del model
    print(f"transformers load {name}: {best:.3f} s")
PY

echo "== Reckon =="
.build/release/reckon-benchmarks load "$work/bench-f16" "$work/bench-bf16" "$work/bench-f16-bin"

echo "== Tokenization of the test sets' prompts and responses (one thread) =="
python3 - "$work/corpus.txt" <<'PY'
import glob, json, sys
with open(sys.argv[1], "w") as out:
    # The set files of the manifest (eval-sets/ also holds depth.jsonl, which has no prompts).
    for path in sorted("eval-sets/" + entry["file"] for entry in json.load(open("eval-sets/manifest.json"))["sets"]):
        for line in open(path):
            item = json.loads(line)
            out.write(item["prompt"] + "\n" + item["response"] + "\n")
PY
model=Tests/Fixtures/llama-f32
"$PYTHON" - "$model" "$work/corpus.txt" <<'PY'
import os, sys, time
os.environ["RAYON_NUM_THREADS"] = "1"
import sentencepiece, tokenizers
model, corpus = sys.argv[1], sys.argv[2]
lines = open(corpus).read().split("\n")[:-1]
def best(fn):
    times = []
    for _ in range(3):
        start = time.process_time(); tokens = fn(); times.append(time.process_time() - start)
    return tokens, min(times)
sp = sentencepiece.SentencePieceProcessor(model_file=os.path.join(model, "tokenizer.model"))
tokens, seconds = best(lambda: sum(len(ids) for ids in sp.encode(lines)))
print(f"sentencepiece encode (tokenizer.model): {len(lines)} lines, {tokens} tokens, {tokens / seconds:.0f} tokens/CPU-s")
tk = tokenizers.Tokenizer.from_file(os.path.join(model, "tokenizer.json"))
tokens, seconds = best(lambda: sum(len(tk.encode(line, add_special_tokens=False).ids) for line in lines))
print(f"tokenizers encode (tokenizer.json):     {len(lines)} lines, {tokens} tokens, {tokens / seconds:.0f} tokens/CPU-s")
PY
.build/release/reckon-benchmarks tokenize "$model" "$work/corpus.txt"
