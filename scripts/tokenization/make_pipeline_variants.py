"""Makes Tests/Fixtures/tokenizer-variants/: tokenizer.json variants of the fixture tokenizer that exercise pipeline
options the shipped files do not use, with ids and decodes from the tokenizers library for a fixed string list.

Variants (each a complete tokenizer.json):
  metaspace-always-split  pre_tokenizer Metaspace(prepend_scheme "always", split true), decoder Metaspace
  metaspace-never         pre_tokenizer Metaspace(prepend_scheme "never", split false)
  added-flags             the legacy pipeline plus added tokens with lstrip / rstrip / single_word / normalized
                          flags: "<mask>" (lstrip, special), "<eot>" (rstrip, special), "Word" (single_word, plain,
                          not normalized), "ab" (plain, normalized)
  ignore-merges           the Metaspace pipeline with model.ignore_merges = true and no byte_fallback, fuse_unk false

usage: /work/pyvenv/bin/python scripts/tokenization/make_pipeline_variants.py [TF4_PYTHON]   (tokenizers 0.23.3)
TF4_PYTHON (default /work/pyvenv-tf4/bin/python, tokenizers 0.22.2) adds `*_0_22` fields: tokenizers 0.23 decodes an
added token marked normalized through its normalized form ("ab" -> "▁ab" -> " ab"); 0.22, which transformers 4.x
uses, decodes its content. Reckon follows 0.22 there (see Sources/Tokenization/README.md).
"""

import json
import subprocess
import sys
from pathlib import Path

from tokenizers import AddedToken, Tokenizer

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "Tests" / "Fixtures"
OUT = FIXTURES / "tokenizer-variants"

STRINGS = [
    "3, 6, 7, 51, 58: 4", "hello world", " hello", "  two  spaces  ", "a▁b", "▁lead", "", " ", "x <mask> y",
    "x<mask>y", "x   <mask>   y", "a <eot>   b", "<eot>\n\tz", "Word", "a Word b", "aWordb", "Word_x", "_Word",
    "Wordy Word.", "ab abab cab", "🙂 Word <mask><eot>", "é中\u00a0x", "\u3000Word", "end <mask>",
]


def variant(name: str, root: dict) -> None:
    path = OUT / name / "tokenizer.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(root, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

OLDER_TOKENIZERS = """
import json, sys
from pathlib import Path
from tokenizers import Tokenizer
result = {}
for name, texts in json.load(sys.stdin).items():
    tokenizer = Tokenizer.from_file(str(Path(sys.argv[1]) / name / "tokenizer.json"))
    rows = []
    for text in texts:
        ids = tokenizer.encode(text, add_special_tokens=False).ids
        rows.append([ids, tokenizer.decode(ids, skip_special_tokens=False)])
    result[name] = rows
print(json.dumps(result))
"""


def main() -> None:
    legacy = json.loads((FIXTURES / "tokenizer" / "tokenizer.json").read_text(encoding="utf-8"))
    v5 = json.loads((FIXTURES / "tokenizer-v5" / "tokenizer.json").read_text(encoding="utf-8"))

    always = json.loads(json.dumps(v5))
    always["pre_tokenizer"] = {"type": "Metaspace", "replacement": "▁", "prepend_scheme": "always", "split": True}
    always["decoder"] = {"type": "Metaspace", "replacement": "▁", "prepend_scheme": "always", "split": True}
    variant("metaspace-always-split", always)

    never = json.loads(json.dumps(v5))
    never["pre_tokenizer"] = {"type": "Metaspace", "replacement": "▁", "prepend_scheme": "never", "split": False}
    variant("metaspace-never", never)

    ignore = json.loads(json.dumps(v5))
    ignore["model"]["ignore_merges"] = True
    ignore["model"]["byte_fallback"] = False
    ignore["model"]["fuse_unk"] = False
    ignore["model"]["unk_token"] = "<unk>"
    variant("ignore-merges", ignore)

    flags = Tokenizer.from_str(json.dumps(legacy))
    flags.add_special_tokens([AddedToken("<mask>", lstrip=True, normalized=False),
                              AddedToken("<eot>", rstrip=True, normalized=False)])
    flags.add_tokens([AddedToken("Word", single_word=True, normalized=False), AddedToken("ab", normalized=True)])
    variant("added-flags", json.loads(flags.to_str()))

    goldens = {}
    for name in ["metaspace-always-split", "metaspace-never", "ignore-merges", "added-flags"]:
        tokenizer = Tokenizer.from_file(str(OUT / name / "tokenizer.json"))
        cases = []
        for text in STRINGS:
            encoding = tokenizer.encode(text, add_special_tokens=False)
            cases.append({"text": text, "ids": encoding.ids, "tokens": encoding.tokens,
                          "decode_keep_special": tokenizer.decode(encoding.ids, skip_special_tokens=False)})
        goldens[name] = cases
    older = subprocess.run(
        [sys.argv[1] if len(sys.argv) > 1 else "/work/pyvenv-tf4/bin/python", "-c", OLDER_TOKENIZERS, str(OUT)],
        input=json.dumps({name: [case["text"] for case in cases] for name, cases in goldens.items()}),
        capture_output=True, text=True, check=True)
    for name, results in json.loads(older.stdout).items():
        for case, (ids, decode) in zip(goldens[name], results):
            case["ids_0_22"] = ids
            case["decode_keep_special_0_22"] = decode
    golden = {"about": "tokenizers 0.23.3 encode(add_special_tokens=False) and decode(skip_special_tokens=False) per "
                       "variant; *_0_22: the same with tokenizers 0.22.2; see scripts/tokenization/make_pipeline_variants.py", "variants": goldens}
    (OUT / "goldens.json").write_text(json.dumps(golden, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
