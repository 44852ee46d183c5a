#!/usr/bin/env python3
"""Times transformers `generate` against `reckon complete` on puzzle prompts, greedy, fp32, CPU.

Both sides get the same prompts (the first --count items of an eval set), the same token ids
([BOS] + sentencepiece ids, as the harness encodes them), the same --max-new-tokens and the same
thread count. transformers runs one prompt at a time at batch 1 and left-padded batches otherwise;
reckon runs `complete` with --batch-size. Times exclude model loading on both sides (reckon reports
its own decode time on stderr; its wall time with loading is shown too). The greedy completions of
the two are compared text for text.

Usage: compare_transformers.py --model DIR --reckon PATH [--set eval-sets/in-domain.jsonl]
       [--count 64] [--batch-sizes 1,64] [--max-new-tokens 32] [--threads 2]
"""
import argparse
import json
import re
import subprocess
import tempfile
import time
from pathlib import Path

import sentencepiece
import torch
from transformers import LlamaForCausalLM


def transformers_run(model, prompt_ids, batch_size, max_new_tokens, eos, pad):
    """Returns (seconds, generated token count, new ids per prompt)."""
    outputs = []
    generated = 0
    start = time.perf_counter()
    for first in range(0, len(prompt_ids), batch_size):
        batch = prompt_ids[first:first + batch_size]
        width = max(len(ids) for ids in batch)
        input_ids = torch.tensor([[pad] * (width - len(ids)) + ids for ids in batch])
        mask = torch.tensor([[0] * (width - len(ids)) + [1] * len(ids) for ids in batch])
        with torch.inference_mode():
            result = model.generate(
                input_ids=input_ids, attention_mask=mask, do_sample=False, num_beams=1,
                max_new_tokens=max_new_tokens, eos_token_id=eos, pad_token_id=pad)
        for row in result[:, width:].tolist():
            new = []
            for token in row:
                if token == eos:
                    break
                new.append(token)
            generated += len(new) + (1 if len(new) < len(row) else 0)
            outputs.append(new)
    return time.perf_counter() - start, generated, outputs


def reckon_run(reckon, model_dir, prompts_file, batch_size, max_new_tokens, threads, out_file):
    start = time.perf_counter()
    completed = subprocess.run(
        [reckon, "complete", "--model", str(model_dir), "--in", str(prompts_file), "--out", str(out_file),
         "--batch-size", str(batch_size), "--max-new-tokens", str(max_new_tokens), "--threads", str(threads),
         "--tokenizer", "sentencepiece"],
        check=True, capture_output=True, text=True)
    wall = time.perf_counter() - start
    # "decoded N prompts: P prompt tokens, G generated tokens in S s (... )"
    match = re.search(r"(\d+) generated tokens in ([0-9.]+) s", completed.stderr)
    if not match:
        raise SystemExit(f"unexpected reckon output:\n{completed.stderr}")
    records = [json.loads(line) for line in Path(out_file).read_text().splitlines()]
    return float(match.group(2)), wall, int(match.group(1)), records


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", required=True, type=Path)
    parser.add_argument("--reckon", required=True)
    parser.add_argument("--set", default="eval-sets/in-domain.jsonl", type=Path)
    parser.add_argument("--count", default=64, type=int)
    parser.add_argument("--batch-sizes", default="1,64")
    parser.add_argument("--max-new-tokens", default=32, type=int)
    parser.add_argument("--threads", default=2, type=int)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    items = [json.loads(line) for line in args.set.read_text().splitlines()[:args.count]]
    prompts = [item["prompt"] for item in items]
    sp = sentencepiece.SentencePieceProcessor(model_file=str(args.model / "tokenizer.model"))
    prompt_ids = [[1] + sp.encode(prompt) for prompt in prompts]
    model = LlamaForCausalLM.from_pretrained(args.model, dtype=torch.float32).eval()
    eos, pad = 2, 2

    print(f"{len(prompts)} prompts from {args.set} ({sum(map(len, prompt_ids))} prompt tokens), "
          f"max_new_tokens {args.max_new_tokens}, {args.threads} threads, torch {torch.__version__}")
    print(f"{'implementation':<28}{'batch':>6}{'generated':>10}{'seconds':>9}{'tokens/s':>10}  same text")
    with tempfile.TemporaryDirectory() as work:
        prompts_file = Path(work) / "prompts.jsonl"
        prompts_file.write_text("".join(json.dumps({"prompt": p}) + "\n" for p in prompts))
        for batch_size in [int(b) for b in args.batch_sizes.split(",")]:
            seconds, generated, outputs = transformers_run(
                model, prompt_ids, batch_size, args.max_new_tokens, eos, pad)
            # The random model's vocabulary (32000) is larger than the fixture tokenizer's (512): like
            # reckon (and tokenizers), skip ids the tokenizer does not know, and the special ids.
            known = sp.get_piece_size()
            texts = [sp.decode([i for i in ids if 2 < i < known]) for ids in outputs]
            print(f"{'transformers generate':<28}{batch_size:>6}{generated:>10}{seconds:>9.2f}"
                  f"{generated / seconds:>10.1f}")
            decode_seconds, wall, reckon_generated, records = reckon_run(
                args.reckon, args.model, prompts_file, batch_size, args.max_new_tokens, args.threads,
                Path(work) / f"out-{batch_size}.jsonl")
            same = sum(record["completion"] == text for record, text in zip(records, texts))
            print(f"{'reckon complete (decoding)':<28}{batch_size:>6}{reckon_generated:>10}{decode_seconds:>9.2f}"
                  f"{reckon_generated / decode_seconds:>10.1f}  {same}/{len(texts)}")
            print(f"{'reckon complete (with load)':<28}{batch_size:>6}{reckon_generated:>10}{wall:>9.2f}"
                  f"{reckon_generated / wall:>10.1f}")


if __name__ == "__main__":
    main()
