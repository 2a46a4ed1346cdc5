#!/usr/bin/env bash
# Truncation against windows on long reviews with the real BERT-base (frozen encoder): accuracy on held-out long
# documents, wall time, BERT time, time per head epoch, peak memory. Run from the repository root after
# `mvn -B package -DskipTests`, on a quiet machine:
#   bash src/bench/long-reviews/measure.sh [OUT]        (default OUT: /tmp/bertune-long)
# Prints one line per variant and writes OUT/results.tsv.
set -euo pipefail
OUT=${1:-/tmp/bertune-long}
mkdir -p "$OUT"
python3 src/bench/long-reviews/make-long-reviews.py --out "$OUT/data" >/dev/null
printf 'variant\ttest_accuracy\ttest_auc\twall_s\tbert_s\thead_epoch_s\tpeak_rss_mib\twindows\n' > "$OUT/results.tsv"
run() {
  local name=$1; shift
  local log="$OUT/$name.log"
  /usr/bin/time -v java -jar target/bertune.jar train --config config/long-reviews.conf \
    --set "data.train=\"$OUT/data/train.tsv\"" --set "data.test=\"$OUT/data/test.tsv\"" \
    --set "data.cache-dir=\"$OUT/cache\"" --set "run.dir=\"$OUT/runs\"" --set "run.id=$name" \
    --set "export.dir=\"$OUT/export\"" --set export.name=$name --set run.progress=false "$@" > "$log" 2>&1
  local acc auc wall bert epoch rss windows
  acc=$(grep -oP '^test: accuracy \K[0-9.]+' "$log")
  auc=$(grep -oP '^test: .*auc \K[0-9.]+' "$log")
  wall=$(grep -oP '^wall time \K[0-9.]+' "$log")
  bert=$(grep -oP 'time: .*feature extraction \K[0-9.]+(?= s)' "$log")
  epoch=$(python3 -c "import re; t=open('$log').read(); h=float(re.search(r'head training ([0-9.]+) s', t).group(1)); n=len(open('$OUT/runs/$name/history.csv').readlines())-1; print(round(h/n, 2))")
  rss=$(( $(grep -oP 'Maximum resident set size \(kbytes\): \K[0-9]+' "$log") / 1024 ))
  windows=$(grep -oP '^train features: \K.*(?= x )' "$log")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$acc" "$auc" "$wall" "$bert" "$epoch" "$rss" "$windows" \
    | tee -a "$OUT/results.tsv"
}
run truncate-128 --set tokenizer.long-text=truncate
run truncate-512 --set tokenizer.long-text=truncate --set tokenizer.max-length=512 --set train.batch-size=8
run windows-128-mean
run windows-128-max --set head.window-pooling=max
run windows-128-attention --set head.window-pooling=attention
