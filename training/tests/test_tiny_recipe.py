"""The tiny recipe end to end: a tokenizer trained on the puzzles, a LLaMA from scratch, a falling loss, and an
exported directory that transformers loads and tokenizes like training did."""

import json
import subprocess
import sys

import torch

from conftest import TRAINING


def log_records(output_dir):
    return [json.loads(line) for line in (output_dir / "train_log.jsonl").read_text().splitlines()]


def test_loss_falls_over_forty_steps(tiny_run):
    records = log_records(tiny_run[0])
    assert [r["step"] for r in records] == list(range(1, 41))
    first = sum(r["loss"] for r in records[:5]) / 5
    last = sum(r["loss"] for r in records[-5:]) / 5
    assert first > 4.0, f"a fresh model over ~280 tokens should start near ln(vocab), got {first}"
    assert last < 0.7 * first, f"loss did not fall: first five steps {first:.3f}, last five {last:.3f}"


def test_export_is_a_standard_hugging_face_directory(tiny_model_dir):
    names = {path.name for path in tiny_model_dir.iterdir()}
    assert {"config.json", "model.safetensors", "tokenizer.model", "tokenizer_config.json",
            "generation_config.json"} <= names
    assert "tokenizer.json" not in names  # Reckon, like transformers, then reads tokenizer.model
    config = json.loads((tiny_model_dir / "config.json").read_text())
    assert config["architectures"] == ["LlamaForCausalLM"]
    assert config["use_cache"] is True
    import sentencepiece as spm

    assert config["vocab_size"] == spm.SentencePieceProcessor(
        model_file=str(tiny_model_dir / "tokenizer.model")).get_piece_size()


def test_tokenizer_is_trained_like_open_llama(tiny_model_dir):
    import sentencepiece as spm
    from sentencepiece import sentencepiece_model_pb2 as model_pb2

    proto = model_pb2.ModelProto()
    proto.ParseFromString((tiny_model_dir / "tokenizer.model").read_bytes())
    trainer = proto.trainer_spec
    assert trainer.model_type == model_pb2.TrainerSpec.BPE
    assert trainer.split_digits and trainer.byte_fallback
    assert proto.normalizer_spec.add_dummy_prefix and proto.normalizer_spec.name == "identity"
    processor = spm.SentencePieceProcessor(model_file=str(tiny_model_dir / "tokenizer.model"))
    assert [processor.id_to_piece(i) for i in range(3)] == ["<unk>", "<s>", "</s>"]
    assert processor.id_to_piece(3) == "<0x00>" and processor.id_to_piece(258) == "<0xFF>"
    assert processor.encode("31-34=-3, 19+41=60", out_type=str) == [
        "▁", "3", "1", "-", "3", "4", "=-", "3", ",", "▁", "1", "9", "+", "4", "1", "=", "6", "0"]


def test_exported_model_loads_with_transformers_and_matches_training(tiny_run, tiny_model_dir):
    from transformers import AutoTokenizer, LlamaForCausalLM

    from reckon_train.tokenizer import PuzzleTokenizer

    loaded = LlamaForCausalLM.from_pretrained(str(tiny_model_dir)).eval()
    trained = tiny_run[1].model.eval()
    prompt = "34, 18, 31, 41, 19, 55: -110"
    ours = PuzzleTokenizer(tiny_model_dir)
    theirs = AutoTokenizer.from_pretrained(str(tiny_model_dir))
    ids = ours.scoring_prompt(prompt)
    assert theirs(prompt).input_ids == ids
    with torch.no_grad():
        inputs = torch.tensor([ids])
        assert torch.equal(loaded(input_ids=inputs).logits, trained(input_ids=inputs).logits)
        generated = loaded.generate(inputs, max_new_tokens=8, do_sample=False)
    assert generated.shape[1] > len(ids)


def test_plot_script_draws_the_loss_curve(tiny_run, tmp_path):
    out = tmp_path / "loss.svg"
    subprocess.run([sys.executable, str(TRAINING / "plot_loss.py"), str(tiny_run[0]), "--out", str(out)],
                   check=True, capture_output=True)
    text = out.read_text()
    assert text.lstrip().startswith("<?xml") and "<svg" in text
