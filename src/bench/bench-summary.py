#!/usr/bin/env python3
"""Summarise a src/bench/bench-compare.sh folder: per mode and precision, the median over rounds of each program's
median examples/s, their ratio (bertune / PyTorch), each round's own ratio (the two programs ran back to back, so
a round's ratio is the least affected by the host's drift) and their median: the rows of BENCHMARKS.md's table.

    python3 src/bench/bench-summary.py runs/bench/<stamp>
"""
import glob
import json
import os
import re
import statistics
import sys
from collections import defaultdict

LABELS = {"forward": "forward (pooled output)", "frozen": "frozen-encoder training step",
          "full": "full fine-tuning step"}


def others(log):
    """The others-busy share (%) that src/bench/others-busy.sh wrote to the run's log, or None."""
    try:
        with open(log) as f:
            m = re.search(r"others-busy: ([0-9.]+)%", f.read())
        return float(m.group(1)) if m else None
    except OSError:
        return None


def main(folder):
    runs = defaultdict(lambda: defaultdict(list))  # (mode, precision) -> program -> [(ex/s, peak MB, others %)]
    by_round = defaultdict(dict)  # (mode, precision, round) -> program -> ex/s
    flops = {}  # program -> forward GFLOP per example: the same model size on both sides?
    for path in sorted(glob.glob(os.path.join(folder, "*.json"))):
        program, mode, precision, round_ = os.path.basename(path)[:-5].split("-")
        with open(path) as f:
            text = f.read().strip()
        if not text:
            print(f"skipped {path}: empty (see its .log)", file=sys.stderr)
            continue
        data = json.loads(text.splitlines()[-1])
        m = data["modes"][0] if program == "bertune" else data
        runs[(mode, precision)][program].append(
            (m["examples_per_sec"], m["peak_rss_mb"], others(path[:-5] + ".log")))
        by_round[(mode, precision, round_)][program] = m["examples_per_sec"]
        flops.setdefault(program, m["fwd_gflop_per_example"])
    if len(set(round(f, 2) for f in flops.values())) > 1:
        print(f"warning: the programs ran different model sizes (forward GFLOP per example: {flops})")
    print("| what | bertune ex/s | PyTorch ex/s | ratio | each round's ratio | median of those |")
    print("|---|---|---|---|---|---|")
    for mode in LABELS:
        for precision in ("fp32", "bf16"):
            r = runs.get((mode, precision))
            if not r:
                continue
            b = statistics.median(x[0] for x in r["bertune"]) if r["bertune"] else float("nan")
            t = statistics.median(x[0] for x in r["torch"]) if r["torch"] else float("nan")
            rounds = [v["bertune"] / v["torch"] for (m_, p_, _), v in sorted(by_round.items())
                      if (m_, p_) == (mode, precision) and "bertune" in v and "torch" in v]
            each = ", ".join(f"{x:.2f}" for x in rounds)
            mid = f"{statistics.median(rounds):.2f}" if rounds else "?"
            print(f"| {LABELS[mode]}, {precision} | {b:.2f} | {t:.2f} | {b / t:.2f} | {each} | {mid} |")
    print()
    print("runs (ex/s, peak RSS MB, others-busy %):")
    for (mode, precision), r in sorted(runs.items()):
        for program, values in sorted(r.items()):
            cells = ", ".join(f"{e:.2f} / {m:.0f} / {o if o is not None else '?'}" for e, m, o in values)
            print(f"  {mode:8s} {precision} {program:8s} {cells}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "runs/bench")
