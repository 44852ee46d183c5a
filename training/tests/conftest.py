"""Shared fixtures: paths, the committed training puzzles, the reckon binary, and one tiny run reused by several
tests (`tiny_run`; its exported directory is `tiny_model_dir`, for an end-to-end `reckon score` test)."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

# One intra-op thread unless the caller says otherwise: on a shared 2-core machine two OpenMP threads wait for
# each other and the suite takes minutes instead of ~35 s. Set before torch is imported.
os.environ.setdefault("OMP_NUM_THREADS", "1")

import pytest  # noqa: E402

TRAINING = Path(__file__).resolve().parents[1]
REPOSITORY = TRAINING.parent
sys.path.insert(0, str(TRAINING))

# `reckon generate --set train --count 512 --seed 7 --out training/tests/fixtures/train-512.jsonl`
TRAIN_FILE = TRAINING / "tests" / "fixtures" / "train-512.jsonl"
FIXTURES = REPOSITORY / "Tests" / "Fixtures"
EVAL_SETS = REPOSITORY / "eval-sets"


def tiny_settings(output_dir: Path, **overrides) -> dict:
    """The tiny recipe with a short schedule (warm-up 5 steps) for tests."""
    settings = dict(recipe="tiny", train_file=str(TRAIN_FILE), output_dir=str(output_dir), max_steps=40,
                    warmup_steps=5, batch_size_per_device=16, log_every=1, checkpoint_every=20,
                    tokenizer_corpus_puzzles=512)
    settings.update(overrides)
    return settings


def small_tiny_settings(output_dir: Path, **overrides) -> dict:
    """An even smaller model for the determinism and resume tests."""
    settings = tiny_settings(output_dir, hidden_size=32, num_layers=2, num_heads=2, intermediate_size=64,
                             max_steps=8, checkpoint_every=4, batch_size_per_device=8)
    settings.update(overrides)
    return settings


def paper_settings(output_dir: Path, **overrides) -> dict:
    """The paper recipe on the tiny llama-f32 fixture (hidden 64, 2 layers) with a short schedule."""
    settings = dict(recipe="paper", base_model=str(FIXTURES / "llama-f32"), train_file=str(TRAIN_FILE),
                    output_dir=str(output_dir), max_steps=6, batch_size_per_device=8, log_every=1,
                    checkpoint_every=3, precision="fp32")
    settings.update(overrides)
    return settings


def run_training(settings: dict, resume: bool = False, prepare_only: bool = False):
    from accelerate.state import AcceleratorState

    from reckon_train.config import make_config
    from reckon_train.trainer import train

    AcceleratorState._reset_state(True)  # each run builds its own Accelerator
    return train(make_config(**settings), resume=resume, prepare_only=prepare_only)


@pytest.fixture(scope="session")
def tiny_run(tmp_path_factory):
    """The tiny recipe, 40 steps of 16 puzzles on train-512.jsonl (about 10-20 s on 2 cores)."""
    output_dir = tmp_path_factory.mktemp("tiny-run")
    result = run_training(tiny_settings(output_dir))
    return output_dir, result


@pytest.fixture(scope="session")
def tiny_model_dir(tiny_run) -> Path:
    """The exported Hugging Face directory of `tiny_run`."""
    return tiny_run[1].exported


@pytest.fixture(scope="session")
def paper_run(tmp_path_factory):
    """The paper recipe, 6 steps of 8 puzzles on the llama-f32 fixture; the adapter is `paper_run[1].exported`."""
    output_dir = tmp_path_factory.mktemp("paper-run")
    return output_dir, run_training(paper_settings(output_dir))


@pytest.fixture(scope="session")
def reckon_binary() -> Path:
    """$RECKON_BIN, else .build/debug/reckon, else `swift build --product reckon`; skips only without swift."""
    if os.environ.get("RECKON_BIN"):
        path = Path(os.environ["RECKON_BIN"])
        assert path.is_file(), f"RECKON_BIN={path} does not exist"
        return path
    path = REPOSITORY / ".build" / "debug" / "reckon"
    if path.is_file():
        return path
    if shutil.which("swift") is None:
        pytest.skip("swift is not installed: cannot build reckon to compare tokenization")
    subprocess.run(["swift", "build", "--product", "reckon"], cwd=REPOSITORY, check=True)
    assert path.is_file(), f"swift build did not produce {path}"
    return path
