#!/usr/bin/env python3
"""Writes a random fp16 LlamaForCausalLM of open_llama_3b's shape without ever holding float32 weights.

hidden 3200, 26 layers, 32 heads, intermediate 8640, vocab 32000, untied head: 3.43B parameters, 6.85 GB.
The config comes from transformers' LlamaConfig (OpenLLaMA's values, torch_dtype float16); the weights are
drawn tensor by tensor directly in float16 (uniform, std 0.02; norms 1) and streamed into one
model.safetensors, so the writer holds one tensor at a time (at most 205 MB). The tokenizer files of
Tests/Fixtures/tokenizer are copied beside it (vocab 512, a subset of the model's ids). Seeded.

Usage: make_random_llama_3b.py OUT_DIR
"""
import json
import shutil
import sys
from pathlib import Path

import torch
from transformers import LlamaConfig

HIDDEN, LAYERS, HEADS, INTERMEDIATE, VOCAB = 3200, 26, 32, 8640, 32000


def tensor_shapes() -> dict:
    shapes = {"model.embed_tokens.weight": [VOCAB, HIDDEN], "model.norm.weight": [HIDDEN], "lm_head.weight": [VOCAB, HIDDEN]}
    for layer in range(LAYERS):
        prefix = f"model.layers.{layer}."
        shapes[prefix + "input_layernorm.weight"] = [HIDDEN]
        shapes[prefix + "post_attention_layernorm.weight"] = [HIDDEN]
        for name in ["q_proj", "k_proj", "v_proj", "o_proj"]:
            shapes[prefix + f"self_attn.{name}.weight"] = [HIDDEN, HIDDEN]
        shapes[prefix + "mlp.gate_proj.weight"] = [INTERMEDIATE, HIDDEN]
        shapes[prefix + "mlp.up_proj.weight"] = [INTERMEDIATE, HIDDEN]
        shapes[prefix + "mlp.down_proj.weight"] = [HIDDEN, INTERMEDIATE]
    return shapes


def main() -> None:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    config = LlamaConfig(
        vocab_size=VOCAB, hidden_size=HIDDEN, intermediate_size=INTERMEDIATE, num_hidden_layers=LAYERS,
        num_attention_heads=HEADS, num_key_value_heads=HEADS, max_position_embeddings=2048, rms_norm_eps=1e-6,
        bos_token_id=1, eos_token_id=2, pad_token_id=0, tie_word_embeddings=False, dtype="float16",
    )
    config.save_pretrained(out)

    shapes = tensor_shapes()
    header, offset = {"__metadata__": {"format": "pt"}}, 0
    for name in sorted(shapes):
        size = 2 * int(torch.tensor(shapes[name]).prod())
        header[name] = {"dtype": "F16", "shape": shapes[name], "data_offsets": [offset, offset + size]}
        offset += size
    header_bytes = json.dumps(header, separators=(",", ":")).encode()
    header_bytes += b" " * (-len(header_bytes) % 8)
    generator = torch.Generator().manual_seed(3200)
    bound = 0.02 * 3 ** 0.5  # uniform with standard deviation 0.02
    with open(out / "model.safetensors", "wb") as file:
        file.write(len(header_bytes).to_bytes(8, "little"))
        file.write(header_bytes)
        for name in sorted(shapes):
            if name.endswith("norm.weight"):
                tensor = torch.ones(shapes[name], dtype=torch.float16)
            else:
                tensor = torch.empty(shapes[name], dtype=torch.float16).uniform_(-bound, bound, generator=generator)
            file.write(tensor.numpy().tobytes())
            del tensor
    fixtures = Path(__file__).resolve().parents[2] / "Tests" / "Fixtures" / "tokenizer"
    for name in ["tokenizer.model", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json"]:
        shutil.copy(fixtures / name, out / name)
    print(f"{sum(int(torch.tensor(s).prod()) for s in shapes.values()) / 1e9:.2f}B parameters (float16, "
          f"{(8 + len(header_bytes) + offset) / 1e9:.2f} GB) written to {out}")


if __name__ == "__main__":
    main()
