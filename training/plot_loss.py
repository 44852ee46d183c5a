#!/usr/bin/env python3
"""Draws training-loss curves from train_log.jsonl files (or run directories holding one) to SVG or PNG.

    python training/plot_loss.py runs/tiny runs/paper-1M --x tokens --out loss.svg

Each run is one curve, labelled by its directory name (or --labels). The format follows --out's extension.
"""

import argparse
import json
import sys
from pathlib import Path

LOG_FILE = "train_log.jsonl"
X_AXES = {"step": "optimizer step", "tokens": "training tokens", "epoch": "epoch", "elapsed_s": "seconds"}


def read_log(path: Path) -> list[dict]:
    records = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError as error:
            raise SystemExit(f"{path}:{number}: not JSON ({error})")
        if "loss" not in record or "step" not in record:
            raise SystemExit(f"{path}:{number}: needs 'step' and 'loss'")
        records.append(record)
    if not records:
        raise SystemExit(f"{path}: no records")
    return records


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("runs", nargs="+", help="train_log.jsonl files or run directories")
    parser.add_argument("--out", required=True, help="output image (.svg or .png)")
    parser.add_argument("--x", choices=sorted(X_AXES), default="step", help="horizontal axis (default: step)")
    parser.add_argument("--labels", help="comma-separated curve labels, one per run")
    parser.add_argument("--linear", action="store_true", help="linear loss axis (default: logarithmic)")
    parser.add_argument("--title", default="training loss (response tokens)")
    arguments = parser.parse_args(argv)

    out = Path(arguments.out)
    if out.suffix.lower() not in (".svg", ".png"):
        raise SystemExit(f"--out {out}: the extension must be .svg or .png")
    paths = [Path(run) / LOG_FILE if Path(run).is_dir() else Path(run) for run in arguments.runs]
    labels = arguments.labels.split(",") if arguments.labels else [
        path.parent.name if path.name == LOG_FILE else path.stem for path in paths]
    if len(labels) != len(paths):
        raise SystemExit(f"--labels: {len(labels)} labels for {len(paths)} runs")

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(7, 4.5))
    for path, label in zip(paths, labels):
        records = read_log(path)
        axes.plot([r[arguments.x] for r in records], [r["loss"] for r in records], label=label, linewidth=1.2)
    axes.set_xlabel(X_AXES[arguments.x])
    axes.set_ylabel("loss")
    if not arguments.linear:
        from matplotlib.ticker import ScalarFormatter

        axes.set_yscale("log")
        for axis_formatter in (axes.yaxis.set_major_formatter, axes.yaxis.set_minor_formatter):
            axis_formatter(ScalarFormatter())
    axes.set_title(arguments.title)
    axes.grid(True, which="both", alpha=0.3)
    axes.legend()
    figure.tight_layout()
    out.parent.mkdir(parents=True, exist_ok=True)
    # Fixed metadata so the same logs give the same SVG bytes.
    metadata = {"Date": None} if out.suffix.lower() == ".svg" else {}
    figure.savefig(out, metadata=metadata)
    print(f"wrote {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
