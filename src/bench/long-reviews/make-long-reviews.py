#!/usr/bin/env python3
"""Long reviews with a known overall verdict, joined from the short reviews shipped in bertune's jar.

Each document joins --sentences short reviews: --majority of them (default 19 of 30, 63%) carry the document's
label, the rest the other label, in random order. The verdict is spread through the whole text, as in full-length
movie reviews, and a window of the first and last 128 WordPieces (about six short reviews) gets the majority wrong
for a good share of documents. Training documents draw only from sample/train.tsv, test documents only from
sample/test.tsv, so the test set stays held out. Deterministic for a given --seed.

    python3 src/bench/long-reviews/make-long-reviews.py --out long-reviews
    # writes long-reviews/train.tsv (200 documents) and long-reviews/test.tsv (100)
"""
import argparse
import csv
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLE = os.path.join(HERE, "..", "..", "main", "resources", "sample")


def read(name):
    with open(os.path.join(SAMPLE, name), newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    by_label = {}
    for r in rows:
        by_label.setdefault(r["label"], []).append(r["text"])
    return by_label


def documents(by_label, n, sentences, majority, rng):
    labels = sorted(by_label)
    out = []
    for i in range(n):
        label = labels[i % 2]
        other = labels[1 - i % 2]
        parts = rng.choices(by_label[label], k=majority) + rng.choices(by_label[other], k=sentences - majority)
        rng.shuffle(parts)
        out.append((" ".join(parts), label))
    rng.shuffle(out)
    return out


def write(path, docs):
    with open(path, "w", encoding="utf-8") as f:
        f.write("text\tlabel\n")
        for text, label in docs:
            f.write(text.replace("\t", " ") + "\t" + label + "\n")


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", default="long-reviews")
    p.add_argument("--train", type=int, default=200)
    p.add_argument("--test", type=int, default=100)
    p.add_argument("--sentences", type=int, default=30)
    p.add_argument("--majority", type=int, default=19)
    p.add_argument("--seed", type=int, default=13)
    a = p.parse_args()
    if not a.sentences / 2 < a.majority <= a.sentences:
        p.error("--majority must be more than half of --sentences")
    rng = random.Random(a.seed)
    os.makedirs(a.out, exist_ok=True)
    write(os.path.join(a.out, "train.tsv"), documents(read("train.tsv"), a.train, a.sentences, a.majority, rng))
    write(os.path.join(a.out, "test.tsv"), documents(read("test.tsv"), a.test, a.sentences, a.majority, rng))
    print(f"wrote {a.train} + {a.test} documents of {a.sentences} reviews ({a.majority} with the document's label)"
          f" to {a.out}/")


if __name__ == "__main__":
    main()
