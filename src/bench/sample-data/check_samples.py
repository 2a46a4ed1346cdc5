#!/usr/bin/env python3
"""Print statistics and sanity checks for the bertune aspects/genres samples.

Python 3 standard library only.  Exit status 1 if a check fails.
Usage:  python3 src/bench/sample-data/check_samples.py [SAMPLE_DIR]
"""

import collections
import os
import sys

ASPECTS = ["acting", "story", "visuals", "music", "pacing", "humour", "ending"]
GENRES = ["comedy", "drama", "horror", "sci-fi", "documentary"]


def read(path, header):
    raw = open(path, "rb").read()
    problems = []
    if b"\r" in raw:
        problems.append("carriage return found")
    if not raw.endswith(b"\n"):
        problems.append("no final newline")
    lines = raw.decode("utf-8").split("\n")[:-1]
    if lines[0] != header:
        problems.append("bad header %r" % lines[0])
    rows = []
    for i, line in enumerate(lines[1:], 2):
        cols = line.split("\t")
        if len(cols) != 2:
            problems.append("line %d has %d columns" % (i, len(cols)))
            continue
        if not cols[0].strip() or cols[0] != cols[0].strip():
            problems.append("line %d: empty or padded text" % i)
        rows.append((cols[0], cols[1]))
    texts = [t for t, _ in rows]
    if len(set(texts)) != len(texts):
        problems.append("%d duplicate texts" % (len(texts) - len(set(texts))))
    return rows, problems


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    base = sys.argv[1] if len(sys.argv) > 1 else os.path.normpath(
        os.path.join(here, "..", "..", "main", "resources", "sample"))
    failed = False

    print("== aspects (multi-label, header text<TAB>labels)")
    data = {}
    for name in ("train", "test"):
        path = os.path.join(base, "aspects", name + ".tsv")
        rows, problems = read(path, "text\tlabels")
        data[name] = rows
        n = len(rows)
        freq = collections.Counter()
        sizes = collections.Counter()
        for _, labels in rows:
            tags = labels.split(",") if labels else []
            bad = [t for t in tags if t not in ASPECTS]
            if bad or len(set(tags)) != len(tags):
                problems.append("bad labels %r" % labels)
            freq.update(tags)
            sizes[len(tags)] += 1
        words = max(len(t.split()) for t, _ in rows)
        print("%s: %s  rows=%d  max_words=%d" % (name, path, n, words))
        for a in ASPECTS:
            share = freq[a] / n
            flag = "" if share >= 0.20 else "   <-- below 20%"
            failed |= share < 0.20
            print("   %-8s %4d  %5.1f%%%s" % (a, freq[a], 100 * share, flag))
        four = sum(c for k, c in sizes.items() if k >= 4)
        print("   empty tag set: %d (%.1f%%)   >=4 tags: %d (%.1f%%)   by size: %s" % (
            sizes[0], 100 * sizes[0] / n, four, 100 * four / n,
            " ".join("%d:%d" % (k, sizes[k]) for k in sorted(sizes))))
        for p in problems:
            print("   PROBLEM:", p)
        failed |= bool(problems)
    shared = set(t for t, _ in data["train"]) & set(t for t, _ in data["test"])
    print("texts in both train and test: %d" % len(shared))
    failed |= bool(shared)

    print("== genres (multi-class, header text<TAB>label)")
    data = {}
    for name in ("train", "test"):
        path = os.path.join(base, "genres", name + ".tsv")
        rows, problems = read(path, "text\tlabel")
        data[name] = rows
        n = len(rows)
        freq = collections.Counter(l for _, l in rows)
        for l in freq:
            if l not in GENRES:
                problems.append("bad label %r" % l)
        words = max(len(t.split()) for t, _ in rows)
        print("%s: %s  rows=%d  max_words=%d" % (name, path, n, words))
        for g in GENRES:
            print("   %-12s %4d  %5.1f%%" % (g, freq[g], 100 * freq[g] / n))
        for p in problems:
            print("   PROBLEM:", p)
        failed |= bool(problems)
    shared = set(t for t, _ in data["train"]) & set(t for t, _ in data["test"])
    print("texts in both train and test: %d" % len(shared))
    failed |= bool(shared)

    print("RESULT:", "FAIL" if failed else "OK")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
