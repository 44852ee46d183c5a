"""Tokenization exactly as Reckon builds a scoring input, and the tiny recipe's tokenizer training.

A training example is `[bos] + encode(prompt) + encode(response) + [eos]`, the prompt and the response encoded
separately (each gets SentencePiece's dummy prefix, so the response starts with "▁"); the loss covers the response
and EOS. At scoring time `reckon score` feeds `[bos] + encode(prompt)` and decodes the tokens generated after it.
Like Reckon (and AutoTokenizer), a directory's tokenizer.json wins over its tokenizer.model.
"""

import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPOSITORY / "scripts" / "fixtures"))

import llama_tokenizer  # noqa: E402  (scripts/fixtures/llama_tokenizer.py: OpenLLaMA's SentencePiece settings)

TOKENIZER_FILES = ["tokenizer.model", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json",
                   "added_tokens.json"]


class TokenizerError(ValueError):
    """A tokenizer directory that cannot be used; the message names the file."""


def special_token_text(config: dict, key: str, default: str) -> str:
    value = config.get(key, default)
    if isinstance(value, dict):
        value = value.get("content", default)
    return value if isinstance(value, str) else default


class PuzzleTokenizer:
    """The tokenizer of a Hugging Face LLaMA directory, used the way Reckon uses it."""

    def __init__(self, directory: str | Path):
        self.directory = Path(directory)
        config_path = self.directory / "tokenizer_config.json"
        try:
            config = json.loads(config_path.read_text(encoding="utf-8")) if config_path.exists() else {}
        except ValueError as error:
            raise TokenizerError(f"{config_path}: {error}") from None
        bos_text = special_token_text(config, "bos_token", "<s>")
        eos_text = special_token_text(config, "eos_token", "</s>")

        json_path, model_path = self.directory / "tokenizer.json", self.directory / "tokenizer.model"
        if json_path.exists():
            from tokenizers import Tokenizer

            self.kind = "tokenizer.json"
            self.file = json_path
            self._json = Tokenizer.from_file(str(json_path))
            self._sp = None
            self.vocab_size = self._json.get_vocab_size(with_added_tokens=True)
            bos, eos = self._json.token_to_id(bos_text), self._json.token_to_id(eos_text)
        elif model_path.exists():
            import sentencepiece as spm

            self.kind = "tokenizer.model"
            self.file = model_path
            self._json = None
            self._sp = spm.SentencePieceProcessor(model_file=str(model_path))
            self.vocab_size = self._sp.get_piece_size()
            bos, eos = self._sp.piece_to_id(bos_text), self._sp.piece_to_id(eos_text)
            if bos == self._sp.unk_id() or eos == self._sp.unk_id():
                bos, eos = None, None
        else:
            raise TokenizerError(f"{self.directory}: neither tokenizer.json nor tokenizer.model")
        if bos is None or eos is None:
            raise TokenizerError(f"{self.file}: no id for BOS {bos_text!r} or EOS {eos_text!r}")
        self.bos_id, self.eos_id = bos, eos

    def encode(self, text: str) -> list[int]:
        """Ids of `text` without special tokens (SentencePiece's dummy prefix included)."""
        return self.encode_batch([text])[0]

    def encode_batch(self, texts: Sequence[str]) -> list[list[int]]:
        if self._sp is not None:
            return self._sp.encode(list(texts))
        return [encoding.ids for encoding in self._json.encode_batch(list(texts), add_special_tokens=False)]

    def encode_example(self, prompt: str, response: str) -> tuple[list[int], int]:
        """(ids, prompt_length): ids = [bos] + encode(prompt) + encode(response) + [eos]; the first prompt_length
        ids (BOS and the prompt) carry no loss."""
        return self.encode_examples([prompt], [response])[0]

    def encode_examples(self, prompts: Sequence[str], responses: Sequence[str]) -> list[tuple[list[int], int]]:
        prompt_ids, response_ids = self.encode_batch(prompts), self.encode_batch(responses)
        return [([self.bos_id] + p + r + [self.eos_id], 1 + len(p)) for p, r in zip(prompt_ids, response_ids)]

    def scoring_prompt(self, prompt: str) -> list[int]:
        """What `reckon score` feeds the model: [bos] + encode(prompt)."""
        return [self.bos_id] + self.encode(prompt)

    def decode(self, ids: Sequence[int]) -> str:
        """Text of generated ids (a completion: SentencePiece drops the leading dummy-prefix space)."""
        ids = [i for i in ids if i not in (self.bos_id, self.eos_id)]
        if self._sp is not None:
            return self._sp.decode(ids)
        return self._json.decode(ids, skip_special_tokens=True)

    def copy_files(self, destination: Path) -> None:
        destination.mkdir(parents=True, exist_ok=True)
        for name in TOKENIZER_FILES:
            source = self.directory / name
            if source.exists():
                (destination / name).write_bytes(source.read_bytes())


def train_puzzle_tokenizer(lines: Iterable[str], vocab_size: int, directory: Path, model_max_length: int) -> Path:
    """Trains a SentencePiece BPE tokenizer the way OpenLLaMA's is configured (digits split, byte fallback, dummy
    prefix; scripts/fixtures/llama_tokenizer.py) on `lines` and writes tokenizer.model, tokenizer_config.json and
    special_tokens_map.json. Puzzle text allows few merges, so `vocab_size` is an upper bound."""
    model = llama_tokenizer.train_sentencepiece_bpe(lines, vocab_size, hard_vocab_limit=False)
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "tokenizer.model").write_bytes(model)
    write_json(directory / "tokenizer_config.json", llama_tokenizer.tokenizer_config(model_max_length))
    write_json(directory / "special_tokens_map.json", llama_tokenizer.SPECIAL_TOKENS_MAP)
    return directory


def write_json(path: Path, value) -> None:
    path.write_text(json.dumps(value, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
