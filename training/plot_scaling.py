#!/usr/bin/env python3
"""Draws pass@1 against training-set size from `reckon score` run directories (their run.json), one line per
test set, to SVG or PNG; the data-scaling plot of the paper's central claim at whatever scale was trained.

    python training/plot_scaling.py results/tiny-2k:2000 results/tiny-20k:20000 results/tiny-200k:200000 \\
        --out results/scaling/pass-at-1.svg

Each argument is RUN_DIR:PUZZLES (the number of training puzzles that run's model saw per epoch).
"""

import argparse
import json
from pathlib import Path

SETS = ["in-domain", "extended-number-range", "extended-number-range-1000", "extended-component"]


def read_run(argument: str) -> tuple[int, dict[str, tuple[float, float, float]]]:
    directory, _, size = argument.rpartition(":")
    if not directory or not size.isdigit():
        raise SystemExit(f"{argument}: expected RUN_DIR:PUZZLES")
    path = Path(directory) / "run.json"
    try:
        run = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise SystemExit(f"{path}: {error}")
    points = {}
    for result in run["results"]["sets"]:
        total = result["total"]
        points[result["set"]] = (total["pass_at_1"], total["wilson_95"]["lower"], total["wilson_95"]["upper"])
    return int(size), points


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("runs", nargs="+", help="RUN_DIR:PUZZLES for each run")
    parser.add_argument("--out", required=True, help="output image (.svg or .png)")
    arguments = parser.parse_args(argv)
    runs = sorted(read_run(argument) for argument in arguments.runs)

    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(7, 4.5))
    for name in SETS:
        sizes = [size for size, points in runs if name in points]
        if not sizes:
            continue
        values = [points[name] for _, points in runs if name in points]
        centre = [value[0] for value in values]
        errors = [[value[0] - value[1] for value in values], [value[2] - value[0] for value in values]]
        axes.errorbar(sizes, centre, yerr=errors, marker="o", capsize=3, label=name)
    axes.set_xscale("log")
    axes.set_xlabel("training puzzles (one epoch)")
    axes.set_ylabel("pass@1 (95% Wilson interval)")
    axes.set_ylim(bottom=0)
    axes.grid(True, which="both", alpha=0.3)
    axes.legend()
    axes.set_title("Data scaling: pass@1 by training-set size")
    figure.tight_layout()
    Path(arguments.out).parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(arguments.out, metadata={"Date": None} if arguments.out.endswith(".svg") else None)
    print(f"wrote {arguments.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
