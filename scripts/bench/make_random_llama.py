#!/usr/bin/env python3
"""Builds a random ~100M-parameter LlamaForCausalLM (fp32 safetensors) for throughput comparisons.

hidden 768, 12 layers, 12 heads (head_dim 64), intermediate 2048, vocab 32000, untied head:
134M parameters, 85M of them in the decoder layers. The tokenizer files of Tests/Fixtures/tokenizer
(vocab 512, a subset of the model's ids) are copied beside it so that `reckon complete` can encode
puzzle prompts. Weights are seeded; nothing is downloaded.

Usage: make_random_llama.py OUT_DIR [--dtype float32|float16|bfloat16]
(the 16-bit variants are the same seeded weights rounded, saved with that dtype)
"""
import shutil
import sys
from pathlib import Path

import torch
from transformers import LlamaConfig, LlamaForCausalLM


def main() -> None:
    out = Path(sys.argv[1])
    dtype = sys.argv[3] if len(sys.argv) == 4 and sys.argv[2] == "--dtype" else "float32"
    out.mkdir(parents=True, exist_ok=True)
    config = LlamaConfig(
        vocab_size=32000, hidden_size=768, intermediate_size=2048, num_hidden_layers=12,
        num_attention_heads=12, num_key_value_heads=12, max_position_embeddings=2048, rms_norm_eps=1e-6,
        bos_token_id=1, eos_token_id=2, pad_token_id=0, tie_word_embeddings=False,
        # Wider than the default 0.02 so that greedy outputs are not a near-tie everywhere.
        initializer_range=0.2,
    )
    torch.manual_seed(100)
    model = LlamaForCausalLM(config).to(getattr(torch, dtype))
    model.save_pretrained(out, safe_serialization=True)
    fixtures = Path(__file__).resolve().parents[2] / "Tests" / "Fixtures" / "tokenizer"
    for name in ["tokenizer.model", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json"]:
        shutil.copy(fixtures / name, out / name)
    print(f"{sum(p.numel() for p in model.parameters()) / 1e6:.1f}M parameters ({dtype}) written to {out}")


if __name__ == "__main__":
    main()
