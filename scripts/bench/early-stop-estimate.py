#!/usr/bin/env python3
"""Estimates what early stop would have saved on finished runs scored without it, from their completions.

For each completion it finds where `reckon score` would have stopped (docs/rules.md section 8: at the
first comma where both the verdict and calculator repair are decided, or at the first newline), using
`reckon verify` on the text before each comma for the verdict and a replay of section 7 here for the
calculator, and counts the tokens after that point by re-encoding the text with `reckon tokenize` (the run's
tokenizer; a model may have produced other token splits, so token counts are estimates; characters are
exact). Prints per set: generated tokens, estimated tokens with early stop, and the saving.

Usage: scripts/bench/early-stop-estimate.py --model models/tiny results/tiny-2k results/tiny-20k ...
Needs .build/release/reckon.
"""
import argparse, functools, json, re, subprocess, sys

RECKON = ".build/release/reckon"
DECIDING = {"format", "operand", "arithmetic", "overflow"}
STEP = re.compile(r"(-?[0-9]+)[ \t]*([-+*/])[ \t]*(-?[0-9]+)[ \t]*=[ \t]*(-?[0-9]+)")
INT64 = range(-(2**63), 2**63)


REACH_CHECK_LIMIT = 5  # CalculatorTracker.reachCheckLimit


def apply(op, a, b):
    """ArithmeticOperator.apply: the value, or None for division by zero or a value outside 64 bits."""
    if op == "/" and b == 0:
        return None
    value = {"+": a + b, "-": a - b, "*": a * b}[op] if op != "/" else a // b
    return value if value in INT64 else None


@functools.lru_cache(maxsize=1_000_000)
def reachable(pool, target):
    """Whether some steps on the sorted tuple `pool`, all of it used, reach `target` (Solver.solve)."""
    if len(pool) == 1:
        return pool[0] == target
    for i in range(len(pool)):
        for j in range(i + 1, len(pool)):
            rest = pool[:i] + pool[i + 1:j] + pool[j + 1:]
            a, b = pool[i], pool[j]
            for op, lhs, rhs in (("+", a, b), ("*", a, b), ("-", a, b), ("-", b, a), ("/", a, b), ("/", b, a)):
                value = apply(op, lhs, rhs)
                if value is not None and reachable(tuple(sorted(rest + (value,))), target):
                    return True
    return False


def calculator_decided(numbers, target, pieces):
    """Whether calculator repair is decided (invalid) at a comma after `pieces` (docs/rules.md sections 7, 8):
    a piece is not a step or does not replay, a single entry is left for the piece after the comma, or the
    true values left (at most REACH_CHECK_LIMIT of them) cannot reach the target."""
    pool = [(n, n) for n in numbers]  # (shown, true)
    for piece in pieces:
        match = STEP.fullmatch(piece.strip(" \t\r"))
        if not match:
            return True
        lhs, op, rhs, result = int(match[1]), match[2], int(match[3]), int(match[4])
        if any(value not in INT64 for value in (lhs, rhs, result)):
            return True
        left = next((i for i in reversed(range(len(pool))) if pool[i][0] == lhs), None)
        right = next((i for i in reversed(range(len(pool))) if i != left and pool[i][0] == rhs), None)
        if left is None or right is None:
            return True
        value = apply(op, pool[left][1], pool[right][1])
        if value is None:
            return True
        pool = [entry for i, entry in enumerate(pool) if i not in (left, right)] + [(result, value)]
    if len(pool) < 2:
        return True
    return len(pool) <= REACH_CHECK_LIMIT and not reachable(tuple(sorted(value for _, value in pool)), target)


def puzzle(prompt):
    """The candidate numbers and the target of a prompt `a, b, c: target`."""
    numbers, target = prompt.split(":")
    return [int(part) for part in numbers.split(",")], int(target)


def reckon(args, lines):
    out = subprocess.run([RECKON] + args, input="".join(lines), capture_output=True, text=True, check=True)
    return out.stdout.splitlines()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", required=True, help="model directory whose tokenizer the runs used")
    parser.add_argument("runs", nargs="+")
    options = parser.parse_args()
    for run in options.runs:
        items = [json.loads(line) for line in open(f"{run}/items.jsonl")]
        if any(item["stop"] == "decided" for item in items):
            sys.exit(f"{run} was scored with early stop already")
        # Candidate stops: every comma of the first line, checked on the text before it.
        queries, owners = [], []
        for index, item in enumerate(items):
            text = item["completion"]
            line_end = text.find("\n")
            first_line = text if line_end < 0 else text[:line_end]
            for position, char in enumerate(first_line):
                if char == ",":
                    queries.append(json.dumps({"prompt": item["prompt"], "completion": text[:position]}) + "\n")
                    owners.append((index, position))
        stops = {}
        for (index, position), verdict in zip(owners, reckon(["verify"], queries)):
            if index in stops or json.loads(verdict)["error"] not in DECIDING:
                continue
            item = items[index]
            if calculator_decided(*puzzle(item["prompt"]), item["completion"][:position].split(",")):
                stops[index] = position + 1
        kept = []
        for index, item in enumerate(items):
            text = item["completion"]
            if index not in stops and "\n" in text:
                stops[index] = text.index("\n") + 1
            kept.append(text[: stops.get(index, len(text))])
        # Tokens of each text, re-encoded (one line each: newlines become a space, one token here as there).
        def count(texts):
            lines = [text.replace("\n", " ") + "\n" for text in texts]
            return [len(json.loads(ids)) for ids in reckon(["tokenize", "--model", options.model], lines)]
        full_tokens, kept_tokens = count([i["completion"] for i in items]), count(kept)
        print(f"{run}: {len(stops)} of {len(items)} completions decided before their end")
        print(f"  {'set':<28} {'generated':>10} {'estimated with early stop':>26} {'saved':>7} {'chars saved':>12}")
        sets = {}
        for item, text, full, part in zip(items, kept, full_tokens, kept_tokens):
            saved = full - part + (1 if item["stop"] == "eos" and len(text) < len(item["completion"]) else 0)
            entry = sets.setdefault(item["set"], [0, 0, 0, 0])
            entry[0] += item["generated_tokens"]
            entry[1] += item["generated_tokens"] - saved
            entry[2] += len(item["completion"])
            entry[3] += len(item["completion"]) - len(text)
        totals = [sum(values) for values in zip(*sets.values())]
        for name, (generated, estimated, chars, chars_saved) in list(sets.items()) + [("all", totals)]:
            print(f"  {name:<28} {generated:>10,} {estimated:>26,} {1 - estimated / generated:>7.1%} "
                  f"{chars_saved / max(chars, 1):>12.1%}")


if __name__ == "__main__":
    main()
