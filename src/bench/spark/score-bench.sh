#!/usr/bin/env bash
# score on Spark against predict on one JVM, on N short reviews (default 20,000: the shipped sample's 600, cycled):
#   src/bench/spark/score-bench.sh EXPORT_DIR [N] [OUT_DIR]
#   RUNS="predict score-local1" src/bench/spark/score-bench.sh ...    # only some of the runs
# Runs, one after the other: score --master local[2], predict (one JVM, --batch-size 32, texts on stdin), score
# --master local[1] (both scores --batch-size 32, JSON Lines in, Parquet out). For each: wall time (JVM start to exit),
# texts/s over it, score's own job rate (after Spark's start-up and the input check), peak RSS (the one JVM: in
# local mode the driver is the executor), and how busy other processes kept the cores (others-busy.sh).
set -euo pipefail
cd "$(dirname "$0")/../../.."
export_dir=$1; n=${2:-20000}; out=${3:-/tmp/bertune-score-bench}
jar=target/bertune.jar
mkdir -p "$out"
python3 src/bench/spark/make-reviews.py "$n" "$out/reviews"
grep "model name" /proc/cpuinfo | head -1
run() { # name, command...
  local name=$1; shift
  local start end
  start=$(date +%s.%N)
  src/bench/others-busy.sh /usr/bin/time -v -o "$out/$name.time" "$@" > "$out/$name.out" 2> "$out/$name.err"
  end=$(date +%s.%N)
  local rss; rss=$(awk -F: '/Maximum resident/ {printf "%.0f", $2 / 1024}' "$out/$name.time")
  local busy; busy=$(grep -o "others-busy: [0-9.]*%" "$out/$name.err" | tail -1)
  local job; job=$(grep -o "in [0-9.]* s: [0-9.]* texts/s" "$out/$name.out" || true)
  awk -v name="$name" -v n="$n" -v s="$start" -v e="$end" -v rss="$rss" -v busy="$busy" -v job="$job" \
    'BEGIN { printf "%-14s %7.1f s  %6.1f texts/s  peak RSS %5d MiB  %s  %s\n", name, e - s, n / (e - s), rss, busy, job }'
}
runs=${RUNS:-score-local2 predict score-local1}
for r in $runs; do
  case $r in
    predict) run predict sh -c "java -jar $jar predict --model $export_dir --batch-size 32 < $out/reviews.txt" ;;
    score-local*)
      k=${r#score-local}; rm -rf "$out/local$k"
      run "$r" java -jar $jar score --model "$export_dir" --input "$out/reviews.jsonl" --output "$out/local$k" \
        --master "local[$k]" --batch-size 32 ;;
  esac
done
