"""training/ tokenizes exactly as Reckon does: every eval-set prompt and response, compared with `reckon tokenize`
on three tokenizers (the tiny recipe's trained tokenizer.model, a directory with tokenizer.json, and an
OpenLLaMA-style directory with tokenizer.model only). Plus the layout of one training example."""

import json
import subprocess

import pytest

from conftest import EVAL_SETS, FIXTURES, TRAIN_FILE
from reckon_train.data import IGNORE_INDEX, TokenizedPuzzles
from reckon_train.tokenizer import PuzzleTokenizer


def eval_texts() -> tuple[list[str], list[str]]:
    prompts, responses = [], []
    # The set files named in the manifest (eval-sets/ also holds depth.jsonl, which has no prompts).
    manifest = json.loads((EVAL_SETS / "manifest.json").read_text(encoding="utf-8"))
    for path in sorted(EVAL_SETS / entry["file"] for entry in manifest["sets"]):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            prompts.append(record["prompt"])
            responses.append(record["response"])
    return prompts, responses


def reckon_ids(binary, model_dir, lines: list[str], bos: bool) -> list[list[int]]:
    arguments = [str(binary), "tokenize", "--model", str(model_dir)] + (["--bos"] if bos else [])
    completed = subprocess.run(arguments, input="\n".join(lines) + "\n", capture_output=True, text=True, check=True)
    return [json.loads(line) for line in completed.stdout.splitlines()]


def tokenizer_directories(tiny_model_dir):
    return {"tiny recipe": tiny_model_dir, "tokenizer.json": FIXTURES / "tokenizer",
            "tokenizer.model only": FIXTURES / "llama-openllama-bin"}


def test_training_examples_match_reckon_on_every_eval_set_puzzle(reckon_binary, tiny_model_dir):
    prompts, responses = eval_texts()
    assert len(prompts) == 10_000
    for name, directory in tokenizer_directories(tiny_model_dir).items():
        tokenizer = PuzzleTokenizer(directory)
        reckon_prompts = reckon_ids(reckon_binary, directory, prompts, bos=True)
        reckon_responses = reckon_ids(reckon_binary, directory, responses, bos=False)
        examples = tokenizer.encode_examples(prompts, responses)
        for index, ((ids, prompt_length), p, r) in enumerate(zip(examples, reckon_prompts, reckon_responses)):
            expected = p + r + [tokenizer.eos_id]
            assert ids == expected, f"{name}: {prompts[index]!r} / {responses[index]!r}"
            assert prompt_length == len(p)
            assert tokenizer.scoring_prompt(prompts[index]) == p


def test_tokenizer_json_wins_when_both_files_exist():
    assert PuzzleTokenizer(FIXTURES / "tokenizer").kind == "tokenizer.json"
    assert PuzzleTokenizer(FIXTURES / "llama-openllama-bin").kind == "tokenizer.model"


@pytest.mark.parametrize("directory", [FIXTURES / "tokenizer", FIXTURES / "llama-openllama-bin"],
                         ids=["tokenizer.json", "tokenizer.model"])
def test_example_layout_and_completion_decoding(directory):
    tokenizer = PuzzleTokenizer(directory)
    prompt, response = "34, 18, 31, 41, 19, 55: -110", "31-34=-3, 19+41=60, 60/-3=-20, -20/18=-2, -2*55=-110"
    ids, prompt_length = tokenizer.encode_example(prompt, response)
    assert ids[0] == tokenizer.bos_id == 1 and ids[-1] == tokenizer.eos_id == 2
    assert ids[1:prompt_length] == tokenizer.encode(prompt)
    assert ids[prompt_length:-1] == tokenizer.encode(response)
    # The response carries its own dummy prefix; a completion decoded from the tokens after the prompt is the
    # response text itself.
    assert tokenizer.decode(ids[prompt_length:]) == response


def test_batches_mask_everything_but_the_response_and_eos(tmp_path):
    tokenizer = PuzzleTokenizer(FIXTURES / "llama-openllama-bin")
    data = TokenizedPuzzles.open_or_build(str(TRAIN_FILE), tokenizer, tmp_path, max_length=256, log=lambda _: None)
    assert len(data) == 512
    batch = data.collate([0, 1, 2])
    for row, index in enumerate([0, 1, 2]):
        ids, prompt_length = data.example(index)
        length = len(ids)
        assert batch["input_ids"][row, :length].tolist() == ids.tolist()
        assert batch["attention_mask"][row].tolist() == [1] * length + [0] * (batch["input_ids"].shape[1] - length)
        labels = batch["labels"][row].tolist()
        assert labels[:prompt_length] == [IGNORE_INDEX] * prompt_length
        assert labels[prompt_length:length] == ids[prompt_length:].tolist()
        assert all(label == IGNORE_INDEX for label in labels[length:])


@pytest.mark.parametrize("lines, message", [
    (['{"prompt": "1, 2: 3"}'], r"train\.jsonl:1: needs non-empty string fields 'prompt' and 'response'"),
    (['{"prompt": "1, 2: 3", "response": "1+2=3"}', "not json"], r"train\.jsonl:2: not JSON"),
    (['{"prompt": "1, 2: 3", "response": "' + "1+2=3, " * 40 + '1+2=3"}'],
     r"train\.jsonl:1: \d+ tokens, more than max_length 64"),
])
def test_bad_training_lines_are_refused_by_line(tmp_path, lines, message):
    from reckon_train.data import DataError

    path = tmp_path / "train.jsonl"
    path.write_text("\n".join(lines) + "\n")
    tokenizer = PuzzleTokenizer(FIXTURES / "llama-openllama-bin")
    with pytest.raises(DataError, match=message):
        TokenizedPuzzles.open_or_build(str(path), tokenizer, tmp_path / "cache", max_length=64, log=lambda _: None)
