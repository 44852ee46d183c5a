"""The two recipes' models (a tiny LLaMA from scratch; a Hugging Face LLaMA base with PEFT LoRA) and their export
as standard Hugging Face directories that transformers, PEFT and Reckon load."""

import json
from pathlib import Path

import torch

from .config import TrainConfig
from .tokenizer import PuzzleTokenizer


def tiny_model(config: TrainConfig, tokenizer: PuzzleTokenizer):
    """A randomly initialised LlamaForCausalLM (seeded by config.seed) over the tokenizer's vocabulary."""
    from transformers import LlamaConfig, LlamaForCausalLM

    model_config = LlamaConfig(
        vocab_size=tokenizer.vocab_size,
        hidden_size=config.hidden_size,
        intermediate_size=config.intermediate_size,
        num_hidden_layers=config.num_layers,
        num_attention_heads=config.num_heads,
        num_key_value_heads=config.num_heads,
        max_position_embeddings=config.max_position_embeddings,
        rms_norm_eps=1e-6,  # OpenLLaMA's
        rope_theta=10000.0,
        initializer_range=0.02,
        bos_token_id=tokenizer.bos_id,
        eos_token_id=tokenizer.eos_id,
        tie_word_embeddings=config.tie_word_embeddings,
        attn_implementation="sdpa",
    )
    torch.manual_seed(config.seed)
    return LlamaForCausalLM(model_config)


def paper_model(config: TrainConfig, dtype: torch.dtype):
    """The base checkpoint (frozen, in `dtype`) with LoRA adapters (float32) on config.lora_targets."""
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    base = AutoModelForCausalLM.from_pretrained(config.base_model, dtype=dtype, attn_implementation="sdpa")
    if base.config.model_type != "llama":
        raise ValueError(f"{config.base_model}: model_type {base.config.model_type!r}, expected 'llama'")
    lora = LoraConfig(
        r=config.lora_rank,
        lora_alpha=config.lora_alpha,
        lora_dropout=config.lora_dropout,
        target_modules=list(config.lora_targets),
        bias="none",
        task_type="CAUSAL_LM",
    )
    torch.manual_seed(config.seed)
    return get_peft_model(base, lora)


def trainable_parameters(model) -> dict[str, torch.nn.Parameter]:
    return {name: p for name, p in model.named_parameters() if p.requires_grad}


def parameter_groups(model, weight_decay: float) -> list[dict]:
    """AdamW groups: weight decay on matrices only (not on RMSNorm weights)."""
    decay, no_decay = [], []
    for parameter in trainable_parameters(model).values():
        (decay if parameter.ndim >= 2 else no_decay).append(parameter)
    groups = [{"params": decay, "weight_decay": weight_decay}]
    if no_decay:
        groups.append({"params": no_decay, "weight_decay": 0.0})
    return groups


def export(model, config: TrainConfig, tokenizer: PuzzleTokenizer, directory: Path) -> Path:
    """tiny: config.json, model.safetensors, generation_config.json and the tokenizer files; paper: the PEFT
    adapter directory (adapter_config.json, adapter_model.safetensors), base_model_name_or_path = config.base_model.
    Weights are saved in float32."""
    directory.mkdir(parents=True, exist_ok=True)
    model.config.use_cache = True  # turned off for training only
    if config.recipe == "tiny":
        model.generation_config.bos_token_id = tokenizer.bos_id
        model.generation_config.eos_token_id = tokenizer.eos_id
        model.save_pretrained(str(directory), safe_serialization=True)
        tokenizer.copy_files(directory)
    else:
        model.save_pretrained(str(directory), safe_serialization=True)
        adapter_config = directory / "adapter_config.json"
        document = json.loads(adapter_config.read_text(encoding="utf-8"))
        document["base_model_name_or_path"] = str(config.base_model)
        adapter_config.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    return directory
