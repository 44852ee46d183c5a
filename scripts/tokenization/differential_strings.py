"""Random-string differential check for the Tokenization module (not run by `swift test` by default).

Writes JSON with, per random string, the ids from sentencepiece (tokenizer.model) and from the tokenizers library
(tokenizer.json, both fixture pipelines). `RECKON_TOKENIZER_DIFF=<that file> swift test --filter Differential`
then compares the Swift tokenizer string by string.

usage: /work/pyvenv/bin/python scripts/tokenization/differential_strings.py OUT.json [COUNT] [SEED]
"""

import json
import random
import sys
from pathlib import Path

import sentencepiece as spm
from tokenizers import Tokenizer

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "Tests" / "Fixtures"

ALPHABET = (
    list("abcdefghijklmnopqrstuvwxyz") + list("ABCDEFGHIJ") + list("0123456789") * 3 + list("+-*/=:,.()?!'\"")
    + [" "] * 12 + ["\n", "\t", "\r", "\u00a0", "\u2581", "\u3000"]
    + list("éüßñçøåœ") + ["e\u0301", "\u2212", "\u00d7", "\u00f7", "中", "文", "日", "本", "🙂", "👍🏽", "\u200d"]
    + ["<s>", "</s>", "<unk>", "[PAD]", "<sep>", "<", ">", "<0x41>"]
)
WORDS = ["hello", "world", "the", "answer", "is", "3, 6, 7, 51, 58: 4", "58-51=7", "-3+7=4", "thermal", "tasks"]


def random_string(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(0, 12)):
        parts.append(rng.choice(WORDS) if rng.random() < 0.3 else rng.choice(ALPHABET))
    return "".join(parts)


def main() -> None:
    out = Path(sys.argv[1])
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 3000
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 2406)
    sp = spm.SentencePieceProcessor(model_file=str(FIXTURES / "tokenizer" / "tokenizer.model"))
    converted = Tokenizer.from_file(str(FIXTURES / "tokenizer" / "tokenizer.json"))
    metaspace = Tokenizer.from_file(str(FIXTURES / "tokenizer-v5" / "tokenizer.json"))
    added = Tokenizer.from_file(str(FIXTURES / "tokenizer-added" / "tokenizer.json"))
    cases = []
    for _ in range(count):
        text = random_string(rng)
        sp_ids = sp.encode(text)
        cases.append({
            "text": text,
            "sentencepiece": sp_ids,
            "sentencepiece_decode": sp.decode(sp_ids),
            "tokenizers_json": converted.encode(text, add_special_tokens=False).ids,
            "tokenizers_v5_json": metaspace.encode(text, add_special_tokens=False).ids,
            "tokenizers_v5_decode": metaspace.decode(metaspace.encode(text, add_special_tokens=False).ids),
            "tokenizers_added_json": added.encode(text, add_special_tokens=False).ids,
        })
    # Random id sequences (byte pieces included) to exercise the decoders on malformed UTF-8.
    for _ in range(count // 3):
        ids = [rng.randrange(3, sp.get_piece_size()) for _ in range(rng.randint(0, 8))]
        cases.append({"decode_ids": ids, "sentencepiece_decode": sp.decode(ids),
                      "tokenizers_v5_decode": metaspace.decode(ids)})
    out.write_text(json.dumps({"cases": cases}, ensure_ascii=False))


if __name__ == "__main__":
    main()
