"""Resumable checkpoints: trainable weights, optimizer, scheduler, every rank's RNG and the data position.

Layout: `<output_dir>/checkpoints/step-00000100/` with trainable.safetensors, optimizer.pt, scheduler.pt,
rng-rank<R>.pt and state.json (written last: a directory without it is incomplete and ignored). All ranks must
see the same output_dir (one machine, or a shared filesystem across nodes). Only the trainable parameters are
stored (the LoRA weights for the paper recipe), so a 3B run's checkpoints stay small.
"""

import json
import random
import shutil
from pathlib import Path

import torch
from safetensors.torch import load_file, save_file

STATE = "state.json"


class CheckpointError(ValueError):
    """A checkpoint that cannot be resumed; the message names the directory and the problem."""


def checkpoint_root(output_dir: Path) -> Path:
    return output_dir / "checkpoints"


def latest(output_dir: Path) -> Path | None:
    complete = sorted(p for p in checkpoint_root(output_dir).glob("step-*") if (p / STATE).exists())
    return complete[-1] if complete else None


def rng_state() -> dict:
    state = {"python": random.getstate(), "torch": torch.get_rng_state()}
    if torch.cuda.is_available():
        state["cuda"] = torch.cuda.get_rng_state_all()
    return state


def set_rng_state(state: dict) -> None:
    random.setstate(state["python"])
    torch.set_rng_state(state["torch"])
    if "cuda" in state and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(state["cuda"])


def save(accelerator, model, optimizer, scheduler, state: dict, keep: int) -> Path:
    """Every rank calls this; rank 0 writes the shared parts, each rank its RNG state."""
    output_dir = Path(state["config"]["output_dir"])
    final = checkpoint_root(output_dir) / f"step-{state['step']:08d}"
    scratch = final.with_name(final.name + ".partial")
    if accelerator.is_main_process:
        shutil.rmtree(scratch, ignore_errors=True)
        scratch.mkdir(parents=True)
    accelerator.wait_for_everyone()
    torch.save(rng_state(), scratch / f"rng-rank{accelerator.process_index}.pt")
    if accelerator.is_main_process:
        unwrapped = accelerator.unwrap_model(model)
        weights = {name: p.detach().to("cpu").contiguous()
                   for name, p in unwrapped.named_parameters() if p.requires_grad}
        save_file(weights, str(scratch / "trainable.safetensors"))
        torch.save(optimizer.state_dict(), scratch / "optimizer.pt")
        torch.save(scheduler.state_dict(), scratch / "scheduler.pt")
    accelerator.wait_for_everyone()
    if accelerator.is_main_process:
        (scratch / STATE).write_text(json.dumps(state, indent=1) + "\n", encoding="utf-8")
        shutil.rmtree(final, ignore_errors=True)
        scratch.rename(final)
        complete = sorted(p for p in checkpoint_root(output_dir).glob("step-*") if (p / STATE).exists())
        for old in complete[:-keep]:
            shutil.rmtree(old)
    accelerator.wait_for_everyone()
    return final


def load(accelerator, directory: Path, model, optimizer, scheduler) -> dict:
    """Restores everything `save` wrote into the (already prepared) model and optimizer; returns state.json."""
    state = json.loads((directory / STATE).read_text(encoding="utf-8"))
    if state["world_size"] != accelerator.num_processes:
        raise CheckpointError(f"{directory}: written by {state['world_size']} processes, resumed with "
                              f"{accelerator.num_processes} (the data order depends on the world size)")
    unwrapped = accelerator.unwrap_model(model)
    saved = load_file(str(directory / "trainable.safetensors"))
    current = {name: p for name, p in unwrapped.named_parameters() if p.requires_grad}
    if set(saved) != set(current):
        raise CheckpointError(f"{directory}/trainable.safetensors: parameter names differ from the model's "
                              f"(missing {sorted(set(current) - set(saved))[:3]}, "
                              f"unexpected {sorted(set(saved) - set(current))[:3]})")
    with torch.no_grad():
        for name, parameter in current.items():
            parameter.copy_(saved[name].to(parameter.dtype))
    optimizer.load_state_dict(torch.load(directory / "optimizer.pt", map_location="cpu", weights_only=True))
    scheduler.load_state_dict(torch.load(directory / "scheduler.pt", weights_only=True))
    rng_path = directory / f"rng-rank{accelerator.process_index}.pt"
    set_rng_state(torch.load(rng_path, weights_only=False))  # python's RNG state is a tuple; our own file
    return state
