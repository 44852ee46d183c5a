"""Recipes, the config file and flags, and the checks on every value."""

import pytest

from reckon_train.config import ConfigError, from_arguments, make_config


def test_paper_recipe_defaults_are_the_papers(tmp_path):
    config = make_config(recipe="paper", base_model="base", train_file="t.jsonl", output_dir=str(tmp_path))
    assert (config.lora_rank, config.lora_alpha, config.lora_dropout) == (8, 32.0, 0.05)
    assert (config.adam_beta1, config.adam_beta2, config.adam_epsilon) == (0.9, 0.95, 1e-9)
    assert (config.learning_rate, config.warmup_steps, config.min_lr_ratio) == (1e-4, 0, 0.0)
    assert (config.batch_size_per_device, config.epochs, config.seed) == (50, 5.0, 1234)
    assert config.lora_targets == ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]
    assert config.precision == "auto"


def test_file_then_flags_override_the_recipe(tmp_path):
    path = tmp_path / "run.toml"
    path.write_text('recipe = "paper"\nbase_model = "base"\nlora_rank = 5\nlearning_rate = 2e-4\n')
    config, resume, prepare_only = from_arguments(
        ["--config", str(path), "--train-file", "t.jsonl", "--output-dir", "out", "--learning-rate", "3e-4",
         "--lora-targets", "q_proj,v_proj", "--resume", "--no-tie-word-embeddings"])
    assert (config.recipe, config.lora_rank, config.learning_rate) == ("paper", 5, 3e-4)
    assert config.lora_targets == ["q_proj", "v_proj"] and resume and not prepare_only
    assert config.tie_word_embeddings is False


@pytest.mark.parametrize("overrides, message", [
    (dict(lora_rank=0), "lora_rank: must be at least 1, got 0"),
    (dict(lora_dropout=1.0), r"lora_dropout: must be in \[0, 1\), got 1.0"),
    (dict(lora_targets=["q_proj", "qkv"]), r"lora_targets: unknown module\(s\) \['qkv'\]"),
    (dict(adam_beta2=1.0), r"adam_beta2: must be in \[0, 1\), got 1.0"),
    (dict(precision="fp16"), "precision: expected auto, bf16 or fp32, got 'fp16'"),
    (dict(base_model=""), "base_model: required by the paper recipe"),
    (dict(batch_size_per_device=0), "batch_size_per_device: must be positive, got 0"),
    (dict(lora_rank="8"), "lora_rank: expected an integer, got '8'"),
    (dict(lora_ranks=8), "unknown setting 'lora_ranks'"),
])
def test_bad_values_are_refused_by_name(overrides, message):
    settings = dict(recipe="paper", base_model="base", train_file="t.jsonl", output_dir="out")
    settings.update(overrides)
    with pytest.raises(ConfigError, match=message):
        make_config(**settings)


def test_tiny_checks_its_shape():
    with pytest.raises(ConfigError, match="hidden_size: 100 is not a multiple of num_heads 3"):
        make_config(recipe="tiny", train_file="t", output_dir="o", hidden_size=100, num_heads=3)
    with pytest.raises(ConfigError, match="max_length: 512 exceeds max_position_embeddings 256"):
        make_config(recipe="tiny", train_file="t", output_dir="o", max_length=512)


def test_unknown_key_in_file_is_refused(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text("learning_rte = 1e-3\n")
    with pytest.raises(ConfigError, match="bad.toml: unknown setting 'learning_rte'"):
        from_arguments(["--config", str(path), "--train-file", "t", "--output-dir", "o"])
