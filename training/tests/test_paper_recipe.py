"""The paper recipe on a tiny base (Tests/Fixtures/llama-f32): LoRA with the paper's settings, only adapter weights
train, and the saved adapter loads with PEFT and merges to the same logits."""

import json

import torch
from safetensors.torch import load_file

from conftest import FIXTURES, paper_settings, run_training

ALL_TARGETS = {"q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"}


def test_adapter_config_has_the_paper_settings(paper_run):
    document = json.loads((paper_run[1].exported / "adapter_config.json").read_text())
    assert document["peft_type"] == "LORA" and document["task_type"] == "CAUSAL_LM"
    assert (document["r"], document["lora_alpha"], document["lora_dropout"]) == (8, 32, 0.05)
    assert set(document["target_modules"]) == ALL_TARGETS
    assert document["base_model_name_or_path"] == str(FIXTURES / "llama-f32")
    run = json.loads((paper_run[0] / "run.json").read_text())
    config = run["config"]
    assert (config["adam_beta1"], config["adam_beta2"], config["adam_epsilon"]) == (0.9, 0.95, 1e-9)
    assert (config["learning_rate"], config["warmup_steps"], config["seed"]) == (1e-4, 0, 1234)
    assert run["tokenizer"]["file"] == "tokenizer.json"  # the fixture has both files; like Reckon, json wins


def test_only_adapter_weights_change(paper_run):
    base = load_file(str(FIXTURES / "llama-f32" / "model.safetensors"))
    model = paper_run[1].model
    lora_names = [name for name, _ in model.named_parameters() if "lora_" in name]
    assert len(lora_names) == 2 * 2 * len(ALL_TARGETS)  # A and B, 2 layers, 7 projections
    for name, parameter in model.named_parameters():
        assert parameter.requires_grad == ("lora_" in name), name
    prefix = "base_model.model."
    for name, parameter in model.named_parameters():
        if "lora_" in name:
            continue
        key = name[len(prefix):].replace(".base_layer", "")
        assert torch.equal(parameter.detach(), base[key]), f"{key} changed"
    adapter = load_file(str(paper_run[1].exported / "adapter_model.safetensors"))
    assert all("lora_A" in name or "lora_B" in name for name in adapter)
    assert len(adapter) == len(lora_names)
    # PEFT initialises lora_B to zero: training moved every one of them.
    assert all(adapter[name].abs().max() > 0 for name in adapter if "lora_B" in name)


def test_adapter_loads_with_peft_and_merges_to_the_same_logits(paper_run):
    from peft import PeftModel
    from transformers import LlamaForCausalLM

    from reckon_train.tokenizer import PuzzleTokenizer

    tokenizer = PuzzleTokenizer(FIXTURES / "llama-f32")
    ids, _ = tokenizer.encode_example("34, 18, 31, 41, 19, 55: -110", "31-34=-3, 19+41=60, 60/-3=-20")
    inputs = torch.tensor([ids])
    base = LlamaForCausalLM.from_pretrained(str(FIXTURES / "llama-f32")).eval()
    with torch.no_grad():
        base_logits = base(input_ids=inputs).logits
        unmerged = PeftModel.from_pretrained(base, str(paper_run[1].exported)).eval()
        unmerged_logits = unmerged(input_ids=inputs).logits
        merged = unmerged.merge_and_unload()
        merged_logits = merged(input_ids=inputs).logits
    assert not torch.allclose(unmerged_logits, base_logits, atol=1e-4), "the adapter has no effect"
    torch.testing.assert_close(merged_logits, unmerged_logits, atol=1e-4, rtol=1e-4)


def test_lora_rank_flag_sets_the_adapter_rank(tmp_path):
    result = run_training(paper_settings(tmp_path, lora_rank=5, max_steps=1, lora_targets=["q_proj", "v_proj"]))
    document = json.loads((result.exported / "adapter_config.json").read_text())
    assert document["r"] == 5 and set(document["target_modules"]) == {"q_proj", "v_proj"}
    adapter = load_file(str(result.exported / "adapter_model.safetensors"))
    assert {tuple(t.shape) for name, t in adapter.items() if "lora_A" in name} == {(5, 64)}


def test_gradient_checkpointing_gives_the_same_adapter(tmp_path):
    plain = run_training(paper_settings(tmp_path / "plain", max_steps=3))
    checkpointed = run_training(paper_settings(tmp_path / "checkpointed", max_steps=3, gradient_checkpointing=True))
    layers = checkpointed.model.get_base_model().model.layers
    assert all(layer.gradient_checkpointing for layer in layers)
    first = load_file(str(plain.exported / "adapter_model.safetensors"))
    second = load_file(str(checkpointed.exported / "adapter_model.safetensors"))
    assert first.keys() == second.keys()
    for name in first:
        torch.testing.assert_close(second[name], first[name], atol=1e-6, rtol=1e-5)
