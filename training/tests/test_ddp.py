"""Two CPU processes under torchrun (gloo) train together and stay in sync."""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import torch
from safetensors.torch import load_file


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_two_processes_take_steps_and_keep_equal_parameters(tmp_path):
    worker = Path(__file__).resolve().parent / "ddp_worker.py"
    environment = {**os.environ, "OMP_NUM_THREADS": "1"}
    completed = subprocess.run(
        [sys.executable, "-m", "torch.distributed.run", "--nproc_per_node", "2", "--master_addr", "127.0.0.1",
         "--master_port", str(free_port()), str(worker), str(tmp_path)],
        capture_output=True, text=True, env=environment, timeout=300,
    )
    assert completed.returncode == 0, completed.stderr[-4000:]
    run = json.loads((tmp_path / "run.json").read_text())
    assert run["world_size"] == 2 and run["distributed_type"] == "DistributedType.MULTI_CPU"
    assert run["global_batch"] == 16
    first, second = load_file(str(tmp_path / "rank0.safetensors")), load_file(str(tmp_path / "rank1.safetensors"))
    assert first.keys() == second.keys()
    for name in first:
        assert torch.equal(first[name], second[name]), f"{name} differs between ranks"
    # The step changed the weights: the checkpoint's weights equal the ranks', and differ from a fresh model.
    from reckon_train.config import make_config
    from reckon_train.models import tiny_model
    from reckon_train.tokenizer import PuzzleTokenizer

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from conftest import small_tiny_settings

    config = make_config(**small_tiny_settings(tmp_path))
    fresh = dict(tiny_model(config, PuzzleTokenizer(tmp_path / "tokenizer")).named_parameters())
    assert any(not torch.equal(fresh[name].detach(), first[name]) for name in first)
    saved = load_file(str(tmp_path / "checkpoints" / "step-00000002" / "trainable.safetensors"))
    for name in saved:
        assert torch.equal(saved[name], first[name]), name
