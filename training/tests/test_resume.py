"""Determinism for a seed, and resuming from a checkpoint gives exactly the uninterrupted run."""

import json
import shutil

import pytest
import torch
from safetensors.torch import load_file

from conftest import paper_settings, run_training, small_tiny_settings
from reckon_train.config import ConfigError


def final_weights(output_dir):
    return load_file(str(output_dir / "checkpoints" / "step-00000008" / "trainable.safetensors"))


def losses(output_dir):
    records = [json.loads(line) for line in (output_dir / "train_log.jsonl").read_text().splitlines()]
    return [(r["step"], r["loss"], r["lr"], r["tokens"]) for r in records]


def assert_same_weights(first, second):
    assert first.keys() == second.keys()
    for name in first:
        assert torch.equal(first[name], second[name]), name


@pytest.mark.parametrize("make_settings", [small_tiny_settings, lambda d, **o: paper_settings(d, max_steps=8,
                                                                                          checkpoint_every=4, **o)],
                         ids=["tiny", "paper-lora-with-dropout"])
def test_same_seed_same_run_and_resume_continues_exactly(tmp_path, make_settings):
    straight, again = tmp_path / "straight", tmp_path / "again"
    run_training(make_settings(straight))
    run_training(make_settings(again))
    assert_same_weights(final_weights(straight), final_weights(again))
    assert losses(straight) == losses(again)

    # Interrupt after step 4: drop what came later, then resume.
    interrupted = tmp_path / "interrupted"
    shutil.copytree(straight, interrupted)
    shutil.rmtree(interrupted / "checkpoints" / "step-00000008")
    shutil.rmtree(interrupted / ("model" if (straight / "model").exists() else "adapter"))
    result = run_training(make_settings(interrupted), resume=True)
    assert result.steps == 8
    assert_same_weights(final_weights(straight), final_weights(interrupted))
    assert losses(interrupted) == losses(straight)


def test_other_seed_other_run(tmp_path):
    run_training(small_tiny_settings(tmp_path / "a"))
    run_training(small_tiny_settings(tmp_path / "b", seed=99))
    a, b = final_weights(tmp_path / "a"), final_weights(tmp_path / "b")
    assert any(not torch.equal(a[name], b[name]) for name in a)


def test_resume_refuses_changed_settings(tmp_path):
    run_training(small_tiny_settings(tmp_path, max_steps=4))
    with pytest.raises(ConfigError, match="learning_rate: checkpoint 0.002, now 0.001"):
        run_training(small_tiny_settings(tmp_path, max_steps=4, learning_rate=1e-3), resume=True)


def test_fresh_run_refuses_a_directory_with_checkpoints(tmp_path):
    from reckon_train.checkpoint import CheckpointError

    run_training(small_tiny_settings(tmp_path, max_steps=2))
    with pytest.raises(CheckpointError, match="holds checkpoints of an earlier run: pass --resume"):
        run_training(small_tiny_settings(tmp_path, max_steps=2))


def test_resume_refuses_a_different_training_file(tmp_path):
    from conftest import TRAIN_FILE
    from reckon_train.checkpoint import CheckpointError

    run_training(small_tiny_settings(tmp_path / "run", max_steps=2))
    changed = tmp_path / "train.jsonl"
    changed.write_text("".join(TRAIN_FILE.read_text().splitlines(keepends=True)[:500]))
    with pytest.raises(CheckpointError, match="trained on a file with SHA-256"):
        run_training(small_tiny_settings(tmp_path / "run", max_steps=2, train_file=str(changed)), resume=True)


def test_prepare_only_writes_the_data_that_the_run_then_reuses(tmp_path):
    assert run_training(small_tiny_settings(tmp_path, max_steps=2), prepare_only=True) is None
    meta = tmp_path / "data" / "meta.json"
    assert (tmp_path / "tokenizer" / "tokenizer.model").exists() and meta.exists()
    assert not (tmp_path / "checkpoints").exists()
    written = meta.stat().st_mtime_ns
    result = run_training(small_tiny_settings(tmp_path, max_steps=2))
    assert result.steps == 2 and meta.stat().st_mtime_ns == written  # same tokenizer bytes, cache reused
