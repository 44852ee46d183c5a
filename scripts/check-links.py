#!/usr/bin/env python3
"""Finds references to repository files that do not exist.

Reads the project's prose (README.md, docs/**/*.md, models/README.md, training/README.md,
results/README.md), every file under scripts/, the `--help` text of every `reckon` subcommand and the
footers of a comparison table (`reckon compare results/tiny-200k --paper`, markdown and HTML), and
prints one line per dangling reference: where it is cited, and what is missing. Exit status 0 when
there is none, 1 when there is some, 2 when it cannot run (no `reckon` binary, or `reckon` fails).

A reference is a markdown link `[text](path)`, or a path that starts with a top-level entry of the
repository (`docs/foo.md`, `scripts/bar.sh`, `Sources/...`, `results/...`), or a bare `name.md`.
Not references: URLs, placeholders (`results/<run>/`, `$work/data`, `tiny-{2k,20k}`, `results/A`),
outputs: paths git ignores (`results/tiny/`), paths some checked text shows a command writing
(`--out results/paper-1M`, `--local-dir models/open_llama_3b`, `save_pretrained('...')`, `mkdir`, `cp`'s
destination, `>`) and everything under them, and run directories `results/<model>+<adapter>` that
`reckon score` names after the model and adapter it scores.
Any mention of the machine-local shared folder (`/work/shared`, `../shared`) is reported as well:
the repository must not depend on it.

Usage: scripts/check-links.py [--reckon PATH] [--root DIR] [--files-only]
(`--reckon` defaults to $RECKON_BIN, then .build/debug/reckon.)
"""

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

# Where the rules say files may be cited from; scripts/ is read whole.
PROSE = ["README.md", "docs/**/*.md", "models/README.md", "training/README.md", "results/README.md"]

# Options after which a command names what it writes, not what it reads.
OUTPUT_OPTIONS = ("--out", "--output-dir", "--local-dir", "--output", "-o")

SELF = "scripts/check-links.py"

PLACEHOLDER = re.compile(r"[<>{}$*\[\]|]|\.\.\.|…")
MARKDOWN_LINK = re.compile(r"!?\[[^\]\n]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
SHARED = re.compile(r"(?:/work/shared|\.\./shared)\b[^\s`'\")]*")
# A path-like token: letters, digits and the characters paths here use.
TOKEN = re.compile(r"[A-Za-z0-9_.+\-/<>{}$*,…]+")
OUTPUT_ARGUMENT = re.compile(
    r"(?:^|\s)(?:" + "|".join(re.escape(option) for option in OUTPUT_OPTIONS) + r")[ =]\s*([^\s`'\"]+)"
    r"|\bmkdir\s+(?:-p\s+)?([^\s`'\"]+)"
    r"|(?<![-=>])>\s*([^\s`'\"&|>]+)"
    r"|save_pretrained\(['\"]([^'\"]+)['\"]"
    r"|\bcp\s+(?:-\w+\s+)*(?:[^\s`'\"]+\s+)+([^\s`'\"]+)\s*$",
    re.M,
)
# A path component that stands for a value: `results/A`, `DIR`, `WORK_DIR`.
PLACEHOLDER_COMPONENT = re.compile(r"^[A-Z][A-Z_]*$")


def repository_paths(root: Path):
    """Every path git knows (tracked, or new and not ignored) and every folder above one."""
    try:
        listing = subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
            cwd=root, check=True, capture_output=True,
        ).stdout.decode().split("\0")
    except (OSError, subprocess.CalledProcessError):
        listing = [str(p.relative_to(root)) for p in root.rglob("*") if ".build" not in p.parts]
    known = set()
    for entry in filter(None, listing):
        parts = entry.split("/")
        for end in range(1, len(parts) + 1):
            known.add("/".join(parts[:end]))
    return known


def clean(token: str) -> str:
    """Drops what prose puts around a path: trailing punctuation, `./`, a `:line` or `#anchor`."""
    token = token.rstrip(".,;:!?")
    token = re.sub(r"#.*$", "", token)
    token = re.sub(r":\d+(-\d+)?$", "", token)
    while token.startswith("./"):
        token = token[2:]
    return token.rstrip("/")


def is_placeholder(path: str) -> bool:
    return bool(PLACEHOLDER.search(path)) or any(PLACEHOLDER_COMPONENT.match(part) for part in path.split("/")[1:])


class Checker:
    def __init__(self, root: Path, texts):
        """`texts`: (where, text, base) with `base` the folder relative links start from."""
        self.root = root
        self.texts = texts
        self.known = repository_paths(root)
        self.top_level = {path.split("/")[0] for path in self.known}
        self.ignored_cache = {}
        # Outputs are collected from every text first: one page downloads what another one uses.
        self.outputs = set()
        for _, text, _ in texts:
            for match in OUTPUT_ARGUMENT.finditer(text):
                written = clean(next(group for group in match.groups() if group).strip("'\""))
                if written:
                    self.outputs.add(written)

    def exists(self, path: str) -> bool:
        # Known to git and present: a tracked file deleted from the working tree is missing too.
        return path in self.known and (self.root / path).exists()

    def generated(self, path: str) -> bool:
        if any(path == out or path.startswith(out + "/") for out in self.outputs):
            return True
        parts = path.split("/")
        if parts[0] == "results" and len(parts) > 1 and "+" in parts[1]:
            return True  # `reckon score` names a run after its model and adapter: results/<model>+<adapter>
        if path not in self.ignored_cache:
            # As a file and as a folder: a pattern such as `/results/tiny/` matches only folders, and
            # an output that does not exist yet is neither.
            self.ignored_cache[path] = any(
                subprocess.run(["git", "check-ignore", "-q", "--no-index", candidate], cwd=self.root,
                               capture_output=True).returncode == 0
                for candidate in (path, path.rstrip("/") + "/"))
        return self.ignored_cache[path]

    def problems(self):
        for where, text, base in self.texts:
            for number, line in enumerate(text.splitlines(), start=1):
                yield from self.check_line(f"{where}:{number}", line, base)

    def check_line(self, location, line, base):
        for match in SHARED.finditer(line):
            yield f"{location}: cites {match.group(0).rstrip('.,;:')}, outside the repository"
        linked = []
        for match in MARKDOWN_LINK.finditer(line):
            target = match.group(1)
            linked.append(match.span())  # the link text is not a second reference
            if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith("#"):
                continue  # a URL, mailto: or an anchor in the same page
            path = clean(os.path.normpath(os.path.join(base, target.split("#")[0])))
            if not is_placeholder(target) and not self.exists(path) and not self.generated(path):
                yield f"{location}: link ({target}) -> {path} does not exist"
        for match in TOKEN.finditer(line):
            if any(start <= match.start() < end for start, end in linked):
                continue
            before = line[match.start() - 1] if match.start() > 0 else " "
            if before in "/.~:@" or before.isalnum():
                continue  # part of an absolute path, a URL or a longer word
            token = match.group(0).strip(",")
            if is_placeholder(token):
                continue
            path = clean(token)
            if "/" in path and path.split("/")[0] in self.top_level:
                if not self.exists(path) and not self.generated(path):
                    yield f"{location}: {path} does not exist"
            elif "/" not in path and path.endswith(".md") and len(path) > 3:
                # A bare document name, as `puzzle-spec.md` was cited: beside the citing text or at the root.
                if not (self.exists(os.path.normpath(os.path.join(base, path))) or self.exists(path)):
                    yield f"{location}: {path} does not exist (neither in {base or '.'}/ nor at the root)"


def reckon_texts(reckon: str, root: Path):
    """(where, text) for every subcommand's help and for the comparison table's footers."""
    def run(arguments):
        result = subprocess.run([reckon] + arguments, cwd=root, capture_output=True, text=True)
        if result.returncode != 0:
            print(f"check-links: reckon {' '.join(arguments)} failed ({result.returncode}): {result.stderr.strip()}",
                  file=sys.stderr)
            sys.exit(2)
        return result.stdout

    def subcommands(path):
        help_text = run(path + ["--help"])
        yield path, help_text
        section = re.search(r"^SUBCOMMANDS:\n(.*?)(?:\n\S|\Z)", help_text, re.S | re.M)
        if not section:
            return
        for name in re.findall(r"^  ([a-z][a-z0-9-]*)", section.group(1), re.M):
            if name != "help":
                yield from subcommands(path + [name])

    for path, help_text in subcommands([]):
        yield "reckon " + " ".join(path + ["--help"]), help_text
    for output_format in ("markdown", "html"):
        arguments = ["compare", "results/tiny-200k", "--paper", "--format", output_format]
        yield "reckon " + " ".join(arguments), run(arguments)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reckon", default=os.environ.get("RECKON_BIN"), help="the reckon binary")
    parser.add_argument("--root", default=Path(__file__).resolve().parent.parent, type=Path)
    parser.add_argument("--files-only", action="store_true", help="skip the texts reckon prints")
    arguments = parser.parse_args()
    root = arguments.root.resolve()
    reckon = arguments.reckon or str(root / ".build/debug/reckon")
    if not arguments.files_only and not os.access(reckon, os.X_OK):
        print(f"check-links: no reckon binary at {reckon}; build it (swift build) or pass --reckon", file=sys.stderr)
        return 2

    texts = []
    prose = {path for pattern in PROSE for path in root.glob(pattern)}
    scripts = {path for path in (root / "scripts").rglob("*") if path.is_file() and "__pycache__" not in path.parts}
    for path in sorted(prose | scripts):
        relative = str(path.relative_to(root))
        if relative == SELF:
            continue  # its own documentation is made of examples
        try:
            texts.append((relative, path.read_text(encoding="utf-8"), os.path.dirname(relative)))
        except UnicodeDecodeError:
            continue  # not text
    if not arguments.files_only:
        texts += [(where, text, "") for where, text in reckon_texts(reckon, root)]

    problems = list(Checker(root, texts).problems())
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
