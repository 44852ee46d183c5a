"""Reckon reads what training/ exports: `reckon inspect` runs every load check on the tiny model directory and
on the paper recipe's adapter over its base. (Scoring with `reckon score` is the next step.)"""

import subprocess

from conftest import FIXTURES


def inspect(binary, *arguments) -> str:
    completed = subprocess.run([str(binary), "inspect", *arguments], capture_output=True, text=True)
    assert completed.returncode == 0, completed.stderr
    return completed.stdout


def test_reckon_loads_the_tiny_export(reckon_binary, tiny_run, tiny_model_dir):
    parameters = sum(p.numel() for p in tiny_run[1].model.parameters())
    vocabulary = tiny_run[1].model.config.vocab_size
    output = inspect(reckon_binary, "--model", str(tiny_model_dir))
    assert f"parameters: {parameters}\n" in output
    assert f"tokenizer: sentencepiece, {vocabulary} tokens, adds BOS: yes, adds EOS: no" in output


def test_reckon_merges_the_paper_adapter(reckon_binary, paper_run):
    output = inspect(reckon_binary, "--model", str(FIXTURES / "llama-f32"), "--adapter", str(paper_run[1].exported))
    assert "adapter: r 8, alpha 32.0, scale 4.0" in output
    assert "14 modules merged" in output
