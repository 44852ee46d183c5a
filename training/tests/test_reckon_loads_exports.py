"""Reckon reads what training/ exports: `reckon inspect` runs every load check on the tiny model directory and
on the paper recipe's adapter over its base, and `reckon score` scores both end to end."""

import json
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


def score(binary, output_dir, *arguments) -> dict:
    """`reckon score --limit 5` into output_dir; returns run.json. Asserts the pipeline, not accuracy."""
    completed = subprocess.run(
        [str(binary), "score", *arguments, "--limit", "5", "--batch-size", "8", "--out", str(output_dir)],
        capture_output=True, text=True)
    assert completed.returncode == 0, completed.stderr
    assert "| in-domain (ID) | 5 |" in completed.stdout
    run = json.loads((output_dir / "run.json").read_text())
    items = [json.loads(line) for line in (output_dir / "items.jsonl").read_text().splitlines()]
    assert len(items) == 5 * 10  # 5 per N: three N in three sets, one N in extended-component
    assert all(item["error"] in (None, "format", "operand", "arithmetic", "overflow", "incomplete", "target")
               for item in items)
    return run


def test_reckon_scores_the_tiny_export(reckon_binary, tiny_model_dir, tmp_path):
    run = score(reckon_binary, tmp_path / "tiny", "--model", str(tiny_model_dir), "--max-new-tokens", "64")
    assert run["identity"]["backend"]["kind"] == "llama"


def test_reckon_scores_the_paper_adapter(reckon_binary, paper_run, tmp_path):
    run = score(reckon_binary, tmp_path / "paper", "--model", str(FIXTURES / "llama-f32"),
                "--adapter", str(paper_run[1].exported), "--max-new-tokens", "24")
    assert run["identity"]["backend"]["adapter"] is not None


def test_reckon_decodes_the_merged_adapter_as_peft_does(reckon_binary, tmp_path):
    """A trained adapter, merged by Reckon at load, gives the greedy tokens of PEFT's merge_and_unload, and they
    differ from the base model's (a large learning rate makes six steps move the adapter far enough to show)."""
    import torch
    from peft import PeftModel
    from transformers import LlamaForCausalLM

    from conftest import paper_settings, run_training

    adapter = run_training(paper_settings(tmp_path / "run", learning_rate=0.05)).exported

    base_dir = FIXTURES / "llama-f32"
    prompts = ["3, 6, 7, 51, 58: 4", "34, 18, 31, 41, 19, 55: -110", "1, 2: 3", "60, 59, 58, 57, 56, 55, 54: 1"]
    tokenized = subprocess.run([str(reckon_binary), "tokenize", "--model", str(base_dir), "--bos"],
                               input="".join(p + "\n" for p in prompts), capture_output=True, text=True)
    assert tokenized.returncode == 0, tokenized.stderr
    prompt_ids = [json.loads(line) for line in tokenized.stdout.splitlines()]

    base = LlamaForCausalLM.from_pretrained(base_dir, dtype=torch.float32, attn_implementation="eager")
    eos = base.config.eos_token_id

    def greedy(model) -> list[list[int]]:
        result = []
        with torch.inference_mode():
            for ids in prompt_ids:
                output = model.generate(torch.tensor([ids]), do_sample=False, max_new_tokens=12, eos_token_id=eos,
                                        pad_token_id=eos)
                new = output[0, len(ids):].tolist()
                result.append(new[:-1] if new and new[-1] == eos else new)
        return result

    base_tokens = greedy(base.eval())
    expected = greedy(PeftModel.from_pretrained(base, adapter).merge_and_unload().eval())
    assert expected != base_tokens

    completed = subprocess.run(
        [str(reckon_binary), "complete", "--model", str(base_dir), "--adapter", str(adapter),
         "--max-new-tokens", "12", "--batch-size", "4", "--threads", "1"],
        input="".join(json.dumps({"prompt": p}) + "\n" for p in prompts), capture_output=True, text=True)
    assert completed.returncode == 0, completed.stderr
    assert [json.loads(line)["tokens"] for line in completed.stdout.splitlines()] == expected
