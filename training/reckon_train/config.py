"""Training configuration: two recipes (paper, tiny), overridden by a TOML file and then by command-line flags.

Every field is a flag (`--lora-rank 5`, `--bf16/--no-bf16` style for booleans) and is checked by `validate`.
"""

import argparse
import dataclasses
import json
import tomllib
from dataclasses import dataclass, field
from typing import Any

LORA_TARGETS_ALL = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]


class ConfigError(ValueError):
    """A configuration value or file that cannot be used; the message names the field or file."""


@dataclass
class TrainConfig:
    recipe: str = "tiny"  # "paper": LoRA on a Hugging Face LLaMA base; "tiny": a LLaMA trained from scratch
    train_file: str = ""  # JSONL from `reckon generate --set train`
    output_dir: str = ""
    seed: int = 1234

    # paper recipe: the base checkpoint and LoRA
    base_model: str = ""  # a Hugging Face LLaMA directory (open_llama_3b for the real run)
    lora_rank: int = 8  # Table 3 of the paper says 8, the A.1 text says 5
    lora_alpha: float = 32.0
    lora_dropout: float = 0.05
    lora_targets: list[str] = field(default_factory=lambda: list(LORA_TARGETS_ALL))

    # tiny recipe: the tokenizer and model trained from scratch
    tokenizer_vocab_size: int = 320  # an upper bound: puzzle text has few BPE merges (hard_vocab_limit off)
    tokenizer_corpus_puzzles: int = 20000  # the first N training puzzles (prompt and response lines)
    hidden_size: int = 128
    num_layers: int = 5
    num_heads: int = 4
    intermediate_size: int = 344
    max_position_embeddings: int = 256
    tie_word_embeddings: bool = True

    # optimisation
    learning_rate: float = 1e-4
    min_lr_ratio: float = 0.0  # cosine decays to learning_rate * min_lr_ratio
    warmup_steps: int = 0
    adam_beta1: float = 0.9
    adam_beta2: float = 0.95
    adam_epsilon: float = 1e-9
    weight_decay: float = 0.0
    max_grad_norm: float = 1.0  # 0 turns clipping off
    batch_size_per_device: int = 50
    gradient_accumulation: int = 1
    epochs: float = 5.0
    max_steps: int = 0  # > 0: stop after this many optimizer steps (the schedule spans them)
    max_length: int = 256  # longer examples are an error, never silently cut
    group_by_length: bool = False  # batches of similar lengths (less padding; see data.BatchPlan)
    precision: str = "auto"  # auto (bf16 where the GPU has it, else fp32), bf16, fp32
    gradient_checkpointing: bool = False  # recompute activations in backward: less memory, ~30% more compute

    # bookkeeping
    log_every: int = 10
    checkpoint_every: int = 500  # 0: only at the end
    keep_checkpoints: int = 2
    num_threads: int = 0  # torch intra-op threads on CPU; 0 leaves torch's default


# Paper: arXiv 2406.02100 appendix A.1 and Table 3 (training/README.md, Settings). Weight decay, clipping and the
# LoRA target modules are not given there: 0 (AdamW in HF Trainer defaults to 0), 1.0 (HF Trainer's default) and
# every projection.
RECIPES: dict[str, dict[str, Any]] = {
    "paper": dict(
        recipe="paper",
        lora_rank=8,
        lora_alpha=32.0,
        lora_dropout=0.05,
        learning_rate=1e-4,
        min_lr_ratio=0.0,
        warmup_steps=0,
        adam_beta1=0.9,
        adam_beta2=0.95,
        adam_epsilon=1e-9,
        weight_decay=0.0,
        batch_size_per_device=50,
        epochs=5.0,
        precision="auto",
        seed=1234,
        max_length=512,
        checkpoint_every=2000,
    ),
    # CPU defaults from docs/cpu-training.md: ~1M parameters, fp32, AdamW lr 2e-3, betas (0.9, 0.98), wd 0.01,
    # 100 warm-up steps, cosine to 10%, clip 1.0, 64 puzzles per batch.
    "tiny": dict(
        recipe="tiny",
        learning_rate=2e-3,
        min_lr_ratio=0.1,
        warmup_steps=100,
        adam_beta1=0.9,
        adam_beta2=0.98,
        adam_epsilon=1e-8,
        weight_decay=0.01,
        batch_size_per_device=64,
        epochs=1.0,
        precision="fp32",
        seed=1234,
        max_length=256,
        checkpoint_every=500,
    ),
}

# Fields that may differ when a run is resumed (they do not change what is computed).
RESUMABLE_CHANGES = {"output_dir", "log_every", "checkpoint_every", "keep_checkpoints", "num_threads", "train_file"}


def field_types() -> dict[str, type]:
    return {f.name: f.type for f in dataclasses.fields(TrainConfig)}


def coerce(name: str, value: Any) -> Any:
    """`value` (from TOML, JSON or a flag) as the field's type, or ConfigError."""
    kind = field_types()[name]
    if kind is bool:
        if isinstance(value, bool):
            return value
        raise ConfigError(f"{name}: expected true or false, got {value!r}")
    if kind is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(f"{name}: expected an integer, got {value!r}")
        return value
    if kind is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError(f"{name}: expected a number, got {value!r}")
        return float(value)
    if kind is str:
        if not isinstance(value, str):
            raise ConfigError(f"{name}: expected a string, got {value!r}")
        return value
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"{name}: expected a list of strings, got {value!r}")
    return list(value)


def validate(config: TrainConfig) -> TrainConfig:
    """Checks every value; returns the config unchanged or raises ConfigError naming the field."""

    def require(condition: bool, message: str) -> None:
        if not condition:
            raise ConfigError(message)

    require(config.recipe in RECIPES, f"recipe: expected one of {sorted(RECIPES)}, got {config.recipe!r}")
    require(bool(config.train_file), "train_file: required (JSONL from `reckon generate --set train`)")
    require(bool(config.output_dir), "output_dir: required")
    if config.recipe == "paper":
        require(bool(config.base_model), "base_model: required by the paper recipe (a Hugging Face LLaMA directory)")
        require(config.lora_rank >= 1, f"lora_rank: must be at least 1, got {config.lora_rank}")
        require(config.lora_alpha > 0, f"lora_alpha: must be positive, got {config.lora_alpha}")
        require(0 <= config.lora_dropout < 1, f"lora_dropout: must be in [0, 1), got {config.lora_dropout}")
        require(len(config.lora_targets) > 0, "lora_targets: at least one module")
        unknown = [name for name in config.lora_targets if name not in LORA_TARGETS_ALL]
        require(not unknown, f"lora_targets: unknown module(s) {unknown}; LLaMA has {LORA_TARGETS_ALL}")
    else:
        require(config.tokenizer_vocab_size > 259 + 16,
                f"tokenizer_vocab_size: must exceed 275 (3 specials, 256 byte pieces, the characters), "
                f"got {config.tokenizer_vocab_size}")
        require(config.tokenizer_corpus_puzzles >= 100,
                f"tokenizer_corpus_puzzles: at least 100, got {config.tokenizer_corpus_puzzles}")
        for name in ["hidden_size", "num_layers", "num_heads", "intermediate_size", "max_position_embeddings"]:
            require(getattr(config, name) >= 1, f"{name}: must be positive, got {getattr(config, name)}")
        require(config.hidden_size % config.num_heads == 0,
                f"hidden_size: {config.hidden_size} is not a multiple of num_heads {config.num_heads}")
        require((config.hidden_size // config.num_heads) % 2 == 0,
                "hidden_size / num_heads: the head dimension must be even (rotary embeddings)")
        require(config.max_length <= config.max_position_embeddings,
                f"max_length: {config.max_length} exceeds max_position_embeddings {config.max_position_embeddings}")
    require(config.learning_rate > 0, f"learning_rate: must be positive, got {config.learning_rate}")
    require(0 <= config.min_lr_ratio <= 1, f"min_lr_ratio: must be in [0, 1], got {config.min_lr_ratio}")
    require(config.warmup_steps >= 0, f"warmup_steps: must be >= 0, got {config.warmup_steps}")
    for name in ["adam_beta1", "adam_beta2"]:
        require(0 <= getattr(config, name) < 1, f"{name}: must be in [0, 1), got {getattr(config, name)}")
    require(config.adam_epsilon > 0, f"adam_epsilon: must be positive, got {config.adam_epsilon}")
    require(config.weight_decay >= 0, f"weight_decay: must be >= 0, got {config.weight_decay}")
    require(config.max_grad_norm >= 0, f"max_grad_norm: must be >= 0, got {config.max_grad_norm}")
    for name in ["batch_size_per_device", "gradient_accumulation"]:
        require(getattr(config, name) >= 1, f"{name}: must be positive, got {getattr(config, name)}")
    require(config.epochs > 0, f"epochs: must be positive, got {config.epochs}")
    require(config.max_steps >= 0, f"max_steps: must be >= 0, got {config.max_steps}")
    require(config.max_length >= 8, f"max_length: must be at least 8, got {config.max_length}")
    require(config.precision in ("auto", "bf16", "fp32"),
            f"precision: expected auto, bf16 or fp32, got {config.precision!r}")
    require(config.log_every >= 1, f"log_every: must be positive, got {config.log_every}")
    require(config.checkpoint_every >= 0, f"checkpoint_every: must be >= 0, got {config.checkpoint_every}")
    require(config.keep_checkpoints >= 1, f"keep_checkpoints: must be positive, got {config.keep_checkpoints}")
    require(config.num_threads >= 0, f"num_threads: must be >= 0, got {config.num_threads}")
    return config


def apply(values: dict[str, Any], config: TrainConfig, source: str) -> None:
    names = field_types()
    for key, value in values.items():
        name = key.replace("-", "_")
        if name not in names:
            raise ConfigError(f"{source}: unknown setting {key!r}")
        try:
            setattr(config, name, coerce(name, value))
        except ConfigError as error:
            raise ConfigError(f"{source}: {error}") from None


def load_file(path: str) -> dict[str, Any]:
    try:
        with open(path, "rb") as f:
            if path.endswith(".json"):
                return json.load(f)
            return tomllib.load(f)
    except (OSError, ValueError) as error:
        raise ConfigError(f"{path}: {error}") from None


def argument_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description="Train on reckon's puzzle JSONL: the paper's LoRA recipe or a tiny LLaMA from scratch.",
        epilog="Precedence: the recipe's defaults, then --config, then the flags. --resume continues the newest "
        "checkpoint in --output-dir.",
    )
    parser.add_argument("--config", help="a TOML (or .json) file of settings, keys as the flags without dashes")
    parser.add_argument("--resume", action="store_true", help="continue from the newest checkpoint in output_dir")
    parser.add_argument("--prepare-only", action="store_true",
                        help="write the tokenizer (tiny) and the tokenized data, then stop (one process, before a "
                        "multi-process launch on large files)")
    for item in dataclasses.fields(TrainConfig):
        flag = "--" + item.name.replace("_", "-")
        if item.type is bool:
            parser.add_argument(flag, dest=item.name, action=argparse.BooleanOptionalAction, default=None)
        elif item.type == list[str]:
            parser.add_argument(flag, dest=item.name, default=None, help="comma-separated",
                                type=lambda text: [part for part in text.split(",") if part])
        else:
            parser.add_argument(flag, dest=item.name, default=None, type=item.type)
    return parser


def from_arguments(argv: list[str] | None = None) -> tuple[TrainConfig, bool, bool]:
    """The resolved, validated config, whether to resume, and whether to stop after preparing the data."""
    arguments = argument_parser().parse_args(argv)
    flags = {name: value for name, value in vars(arguments).items()
             if name not in ("config", "resume", "prepare_only") and value is not None}
    file_values = load_file(arguments.config) if arguments.config else {}
    recipe = flags.get("recipe", file_values.get("recipe", TrainConfig.recipe))
    if recipe not in RECIPES:
        raise ConfigError(f"recipe: expected one of {sorted(RECIPES)}, got {recipe!r}")
    config = TrainConfig()
    apply(RECIPES[recipe], config, f"recipe {recipe}")
    apply(file_values, config, arguments.config or "")
    apply(flags, config, "command line")
    return validate(config), arguments.resume, arguments.prepare_only


def make_config(**values: Any) -> TrainConfig:
    """A validated config from a recipe's defaults and keyword overrides (for scripts and tests)."""
    config = TrainConfig()
    apply(RECIPES[values.get("recipe", config.recipe)], config, "recipe")
    apply(values, config, "arguments")
    return validate(config)


def to_json(config: TrainConfig) -> dict[str, Any]:
    return dataclasses.asdict(config)


def compare_for_resume(saved: dict[str, Any], config: TrainConfig) -> None:
    """Raises ConfigError naming the settings that differ from the checkpoint's (beyond RESUMABLE_CHANGES)."""
    current = to_json(config)
    differences = [f"{name}: checkpoint {saved.get(name)!r}, now {current[name]!r}"
                   for name in current if name not in RESUMABLE_CHANGES and saved.get(name) != current[name]]
    if differences:
        raise ConfigError("cannot resume with different settings: " + "; ".join(differences))

