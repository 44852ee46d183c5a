"""The training loop, shared by both recipes. Multi-process through accelerate (launched by `accelerate launch` or
`torchrun`): DDP on GPUs (NCCL) or CPUs (gloo); one process needs no launcher."""

import json
import math
import sys
import time
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path

import torch

from . import checkpoint
from .config import TrainConfig, compare_for_resume, to_json
from .data import BatchPlan, DataError, TokenizedPuzzles, read_puzzles
from .models import export, paper_model, parameter_groups, tiny_model, trainable_parameters
from .tokenizer import PuzzleTokenizer, train_puzzle_tokenizer

LOG_FILE = "train_log.jsonl"


@dataclass
class TrainResult:
    exported: Path  # <output_dir>/model (tiny) or <output_dir>/adapter (paper)
    model: torch.nn.Module  # the trained model in memory (unwrapped; a PeftModel for the paper recipe)
    steps: int


def resolve_precision(setting: str) -> str:
    if setting != "auto":
        return setting
    return "bf16" if torch.cuda.is_available() and torch.cuda.is_bf16_supported() else "fp32"


def library_versions() -> dict:
    import accelerate
    import peft
    import sentencepiece
    import tokenizers
    import transformers

    return {"python": sys.version.split()[0], "torch": torch.__version__, "transformers": transformers.__version__,
            "peft": peft.__version__, "accelerate": accelerate.__version__,
            "sentencepiece": sentencepiece.__version__, "tokenizers": tokenizers.__version__}


def prepare_tokenizer(config: TrainConfig, output_dir: Path, accelerator, resume: bool, say) -> PuzzleTokenizer:
    """The paper recipe uses the base model's tokenizer; the tiny one trains its own on the first
    tokenizer_corpus_puzzles training puzzles (deterministic; a resumed run keeps the one it has)."""
    if config.recipe == "paper":
        return PuzzleTokenizer(config.base_model)
    directory = output_dir / "tokenizer"
    if accelerator.is_main_process and not (resume and (directory / "tokenizer.model").exists()):
        lines = [text for pair in read_puzzles(config.train_file, config.tokenizer_corpus_puzzles) for text in pair]
        train_puzzle_tokenizer(lines, config.tokenizer_vocab_size, directory, config.max_position_embeddings)
        say(f"trained a SentencePiece BPE tokenizer on {len(lines)} lines into {directory}")
    accelerator.wait_for_everyone()
    return PuzzleTokenizer(directory)


class LossLog:
    """One JSON object per log interval in <output_dir>/train_log.jsonl (see plot_loss.py)."""

    def __init__(self, path: Path, resumed_step: int, enabled: bool):
        self.path, self.enabled = path, enabled
        if enabled and path.exists():
            kept = [line for line in path.read_text(encoding="utf-8").splitlines()
                    if line and json.loads(line)["step"] <= resumed_step]
            path.write_text("".join(line + "\n" for line in kept), encoding="utf-8")
        elif enabled:
            path.write_text("", encoding="utf-8")

    def write(self, record: dict) -> None:
        if self.enabled:
            with open(self.path, "a", encoding="utf-8") as f:
                f.write(json.dumps(record) + "\n")


def train(config: TrainConfig, resume: bool = False, prepare_only: bool = False) -> TrainResult | None:
    """Runs the recipe to the end and exports it (<output_dir>/model or <output_dir>/adapter). With prepare_only,
    stops after the tokenizer and the tokenized data are written (returns None)."""
    from datetime import timedelta

    import transformers
    from accelerate import Accelerator, InitProcessGroupKwargs
    from transformers import get_cosine_with_min_lr_schedule_with_warmup

    transformers.utils.logging.disable_progress_bar()

    if config.num_threads:
        torch.set_num_threads(config.num_threads)
    precision = resolve_precision(config.precision)
    # Rank 0 tokenizes the data while the others wait at a barrier: allow hours, not the default minutes.
    accelerator = Accelerator(cpu=not torch.cuda.is_available(),
                              mixed_precision="bf16" if precision == "bf16" else "no",
                              kwargs_handlers=[InitProcessGroupKwargs(timeout=timedelta(hours=4))])
    main = accelerator.is_main_process

    def say(message: str) -> None:
        if main:
            print(message, file=sys.stderr, flush=True)

    if not Path(config.train_file).is_file():
        raise DataError(f"{config.train_file}: no such file (write one with `reckon generate --set train`)")
    output_dir = Path(config.output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    resume_from = checkpoint.latest(output_dir) if resume else None
    if resume and resume_from is None:
        say(f"--resume: no checkpoint in {output_dir}/checkpoints, starting from step 0")
    if resume_from is not None:
        saved = json.loads((resume_from / checkpoint.STATE).read_text(encoding="utf-8"))
        compare_for_resume(saved["config"], config)
    elif checkpoint.latest(output_dir) is not None:
        raise checkpoint.CheckpointError(f"{output_dir} holds checkpoints of an earlier run: pass --resume to "
                                         f"continue it, or choose another output directory")

    tokenizer = prepare_tokenizer(config, output_dir, accelerator, resume_from is not None, say)
    with accelerator.main_process_first():
        data = TokenizedPuzzles.open_or_build(config.train_file, tokenizer, output_dir / "data", config.max_length,
                                              log=say)
    if prepare_only:
        say(f"prepared {len(data):,} puzzles ({data.meta['tokens']:,} tokens) in {output_dir / 'data'}")
        return None
    plan = BatchPlan(len(data), config.seed, config.batch_size_per_device, accelerator.num_processes,
                     config.gradient_accumulation, data.lengths() if config.group_by_length else None)
    total_steps = plan.total_steps(config.epochs, config.max_steps)

    if config.recipe == "tiny":
        model = tiny_model(config, tokenizer)
    else:
        model = paper_model(config, torch.bfloat16 if precision == "bf16" else torch.float32)
    model.config.use_cache = False
    if config.gradient_checkpointing:
        # Non-reentrant checkpointing needs no input that requires grad (a frozen base under LoRA works as is).
        model.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": False})
    positions = getattr(model.config, "max_position_embeddings", None)
    if positions and data.meta["longest"] > positions:
        say(f"warning: the longest example has {data.meta['longest']} tokens, more than the model's "
            f"max_position_embeddings {positions}")
    trainable = sum(p.numel() for p in trainable_parameters(model).values())
    total = sum(p.numel() for p in model.parameters())
    optimizer = torch.optim.AdamW(parameter_groups(model, config.weight_decay), lr=config.learning_rate,
                                  betas=(config.adam_beta1, config.adam_beta2), eps=config.adam_epsilon)
    # Not passed to accelerator.prepare: its wrapper would step the schedule once per process.
    scheduler = get_cosine_with_min_lr_schedule_with_warmup(optimizer, config.warmup_steps, total_steps,
                                                            min_lr_rate=config.min_lr_ratio)
    model, optimizer = accelerator.prepare(model, optimizer)

    step, tokens_seen, positions_seen, elapsed_before = 0, 0, 0, 0.0
    if resume_from is not None:
        state = checkpoint.load(accelerator, resume_from, model, optimizer, scheduler)
        if state["train_file_sha256"] != data.meta["train_file_sha256"]:
            raise checkpoint.CheckpointError(f"{resume_from}: trained on a file with SHA-256 "
                                             f"{state['train_file_sha256']}, {config.train_file} now has "
                                             f"{data.meta['train_file_sha256']}")
        step, tokens_seen, elapsed_before = state["step"], state["tokens"], state["elapsed_s"]
        positions_seen = state["positions"]
        say(f"resumed from {resume_from} at step {step}")

    if main:
        run = {"config": to_json(config), "precision": precision, "world_size": accelerator.num_processes,
               "distributed_type": str(accelerator.distributed_type), "total_steps": total_steps,
               "steps_per_epoch": plan.steps_per_epoch, "global_batch": plan.global_batch,
               "parameters": total, "trainable_parameters": trainable, "data": data.meta,
               "tokenizer": {"file": tokenizer.kind, "vocab_size": tokenizer.vocab_size},
               "versions": library_versions()}
        (output_dir / "run.json").write_text(json.dumps(run, indent=1) + "\n", encoding="utf-8")
    say(f"{config.recipe}: {total:,} parameters ({trainable:,} trainable), {len(data):,} puzzles, "
        f"{accelerator.num_processes} process(es) ({accelerator.distributed_type}), {precision}, "
        f"global batch {plan.global_batch}, {plan.steps_per_epoch:,} steps per epoch, {total_steps:,} steps")

    log = LossLog(output_dir / LOG_FILE, step, main)
    device = accelerator.device
    model.train()
    window_loss, window_steps, window_tokens, window_start = 0.0, 0, 0, time.perf_counter()
    run_start = time.perf_counter() - elapsed_before

    def save_checkpoint() -> None:
        state = {"step": step, "tokens": tokens_seen, "positions": positions_seen,
                 "elapsed_s": time.perf_counter() - run_start, "world_size": accelerator.num_processes,
                 "train_file_sha256": data.meta["train_file_sha256"], "config": to_json(config)}
        checkpoint.save(accelerator, model, optimizer, scheduler, state, config.keep_checkpoints)

    while step < total_steps:
        step_loss, step_tokens, step_positions = 0.0, 0, 0
        for micro in range(config.gradient_accumulation):
            indices = plan.indices(step, micro, accelerator.process_index)
            batch = {name: tensor.to(device) for name, tensor in data.collate(indices).items()}
            last = micro == config.gradient_accumulation - 1
            with nullcontext() if last else accelerator.no_sync(model):
                loss = model(**batch).loss / config.gradient_accumulation
                accelerator.backward(loss)
            step_loss += loss.item()
            step_tokens += int(batch["attention_mask"].sum())
            step_positions += batch["input_ids"].numel()
        grad_norm = None
        if config.max_grad_norm > 0:
            grad_norm = float(accelerator.clip_grad_norm_(model.parameters(), config.max_grad_norm))
        learning_rate = scheduler.get_last_lr()[0]
        optimizer.step()
        scheduler.step()
        optimizer.zero_grad(set_to_none=True)
        step += 1

        counts = accelerator.reduce(torch.tensor([step_loss, float(step_tokens), float(step_positions)], device=device),
                                    reduction="sum")
        mean_loss, global_tokens = counts[0].item() / accelerator.num_processes, int(counts[1].item())
        tokens_seen += global_tokens
        positions_seen += int(counts[2].item())
        window_loss += mean_loss
        window_steps += 1
        window_tokens += global_tokens

        if step % config.log_every == 0 or step == total_steps:
            now = time.perf_counter()
            rate = window_tokens / max(now - window_start, 1e-9)
            record = {"step": step, "epoch": round(plan.epoch_of(step), 6), "loss": window_loss / window_steps,
                      "lr": learning_rate, "grad_norm": grad_norm, "tokens": tokens_seen,
                      "padded_positions": positions_seen,
                      "tokens_per_s": round(rate, 1), "elapsed_s": round(now - run_start, 3)}
            log.write(record)
            remaining = (total_steps - step) * (now - window_start) / window_steps
            say(f"step {step}/{total_steps} epoch {record['epoch']:.3f} loss {record['loss']:.4f} "
                f"lr {learning_rate:.3g} {rate:,.0f} tok/s eta {format_seconds(remaining)}")
            window_loss, window_steps, window_tokens, window_start = 0.0, 0, 0, now
        if config.checkpoint_every and step % config.checkpoint_every == 0 and step < total_steps:
            save_checkpoint()

    save_checkpoint()
    exported = output_dir / ("model" if config.recipe == "tiny" else "adapter")
    if main:
        export(accelerator.unwrap_model(model), config, tokenizer, exported)
        say(f"exported {exported}")
    accelerator.wait_for_everyone()
    accelerator.end_training()
    return TrainResult(exported=exported, model=accelerator.unwrap_model(model), steps=step)


def format_seconds(seconds: float) -> str:
    if not math.isfinite(seconds):
        return "?"
    minutes, seconds = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m" if hours else f"{minutes}m{seconds:02d}s"


def main(argv: list[str] | None = None) -> int:
    from .config import ConfigError, from_arguments
    from .tokenizer import TokenizerError

    try:
        config, resume, prepare_only = from_arguments(argv)
        train(config, resume, prepare_only)
    except (ConfigError, DataError, TokenizerError, checkpoint.CheckpointError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0

