"""Makes Tests/Fixtures/tokenizer-charsmap/: a SentencePiece BPE model whose normalizer has a non-empty
precompiled_charsmap (built from a small custom rule table, so the file stays ~7 kB) and two user-defined
symbols, plus goldens.json with sentencepiece's ids and decodes.

usage: /work/pyvenv/bin/python scripts/tokenization/make_charsmap_fixture.py [TF4_PYTHON]
(sentencepiece 0.2.3; the training is deterministic for a fixed corpus and settings). TF4_PYTHON (default
/work/pyvenv-tf4/bin/python, see scripts/fixtures/requirements-tf4.txt) runs transformers 4.57's slow
LlamaTokenizer for the `slow_*` decodes: where the model keeps extra whitespace, the slow tokenizer drops the
leading whitespace piece that sentencepiece's own decode keeps.
"""

import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

import sentencepiece as spm

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "Tests" / "Fixtures" / "tokenizer-charsmap"

# Rules (source code points -> target code points): fullwidth ASCII letters/digits to ASCII, the fi/fl
# ligatures to two letters, U+2212 MINUS SIGN to '-', TAB and U+3000 to a space, and the two-character key
# "AE" -> U+00C6 so the trie has a multi-character rule.
RULES = [f"{start + k:X}\t{base + k:X}" for base, start, count in [(0x41, 0xFF21, 26), (0x61, 0xFF41, 26),
                                                                   (0x30, 0xFF10, 10)] for k in range(count)]
RULES += ["FB01\t66 69", "FB02\t66 6C", "2212\t2D", "9\t20", "41 45\tC6", "3000\t20"]

STRINGS = [
    "3, 6, 7, 51, 58: 4", "58−51=7, 6−7=−1", "Ｆｕｌｌ ＡＢＣ １２３", "ﬁne\tﬂow", "AEther AE", "AAE", "x\u3000y",
    "café", "a  b", " lead", "trail ", "\ttab", "<sep>", "3<sep>4", "x ==> y", "==>==>", "", " ", "ＡＥ", "A\u0301E",
    "hello\nworld", "🙂 ok", "e\u0301", "Straße", "ｆｉ", "1234567890",
]

SLOW_DECODE = """
import json, sys, warnings
warnings.filterwarnings("ignore")
from transformers import LlamaTokenizer
tokenizer = LlamaTokenizer.from_pretrained(sys.argv[1])
print(json.dumps([[tokenizer.decode(ids, skip_special_tokens=True), tokenizer.decode(ids, skip_special_tokens=False)]
                  for ids in json.load(sys.stdin)]))
"""


def main() -> None:
    rng = random.Random(5)
    lines = []
    for _ in range(3000):
        numbers = [rng.randint(1, 99) for _ in range(rng.randint(2, 5))]
        lines.append(", ".join(map(str, numbers)) + f": {rng.randint(-50, 99)}")
    lines += ["Ｆｕｌｌｗｉｄｔｈ text ＡＢＣ １２３", "ﬁne ﬂow café", "The quick brown fox jumps over the lazy dog."] * 50
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        corpus = Path(scratch) / "corpus.txt"
        corpus.write_text("\n".join(lines), encoding="utf-8")
        rules = Path(scratch) / "rules.tsv"
        rules.write_text("\n".join(RULES) + "\n", encoding="utf-8")
        prefix = Path(scratch) / "charsmap"
        spm.SentencePieceTrainer.train(
            input=str(corpus), model_prefix=str(prefix), vocab_size=400, model_type="bpe", character_coverage=1.0,
            split_digits=True, byte_fallback=True, normalization_rule_tsv=str(rules), add_dummy_prefix=True,
            remove_extra_whitespaces=False, allow_whitespace_only_pieces=True, user_defined_symbols=["<sep>", "==>"],
            unk_id=0, bos_id=1, eos_id=2, pad_id=-1, minloglevel=2)
        (OUT / "tokenizer.model").write_bytes(Path(f"{prefix}.model").read_bytes())
    sp = spm.SentencePieceProcessor(model_file=str(OUT / "tokenizer.model"))
    cases = []
    for text in STRINGS:
        ids = sp.encode(text)
        cases.append({"text": text, "ids": ids, "pieces": sp.id_to_piece(ids), "decode": sp.decode(ids)})
    slow = subprocess.run(
        [sys.argv[1] if len(sys.argv) > 1 else "/work/pyvenv-tf4/bin/python", "-c", SLOW_DECODE, str(OUT)],
        input=json.dumps([[1] + case["ids"] for case in cases]), capture_output=True, text=True, check=True)
    for case, (skip, keep) in zip(cases, json.loads(slow.stdout)):
        case["slow_decode_skip_special"] = skip
        case["slow_decode_keep_special"] = keep
    golden = {"about": "sentencepiece 0.2.3 encode (no BOS) and decode on tokenizer.model; slow_* = transformers "
                       "4.57.6 LlamaTokenizer (legacy=True) decode of [1] + ids with skip_special_tokens true/false; "
                       "see scripts/tokenization/make_charsmap_fixture.py", "cases": cases}
    (OUT / "goldens.json").write_text(json.dumps(golden, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
