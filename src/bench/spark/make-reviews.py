#!/usr/bin/env python3
"""Writes N short reviews (the shipped sample's 600, cycled, each copy numbered) as JSON Lines (id, text) and as
plain lines (one text a line, for predict): python3 make-reviews.py N OUT_PREFIX."""
import json
import sys

n, prefix = int(sys.argv[1]), sys.argv[2]
texts = []
for name in ("train.tsv", "test.tsv"):
    with open(f"src/main/resources/sample/{name}", encoding="utf-8") as f:
        next(f)
        texts += [line.split("\t")[0] for line in f if line.strip()]
with open(prefix + ".jsonl", "w", encoding="utf-8") as js, open(prefix + ".txt", "w", encoding="utf-8") as txt:
    for i in range(n):
        t = texts[i % len(texts)]
        js.write(json.dumps({"id": i, "text": t}) + "\n")
        txt.write(t + "\n")
print(f"{n} reviews from {len(texts)} distinct texts -> {prefix}.jsonl, {prefix}.txt")
