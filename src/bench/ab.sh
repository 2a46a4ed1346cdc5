#!/usr/bin/env bash
# Paired A/B of two bertune settings on this machine: PAIRS times, run `bench` with A's settings then with B's
# (one process each, back to back), and report B's speed over A's for each pair and the median of those ratios.
# Pairing cancels most of the host's drift, which moves absolute speeds by up to 2x over minutes.
#
#   src/bench/ab.sh PAIRS MODE PRECISION "A key=value ..." "B key=value ..."
#   src/bench/ab.sh 5 full fp32 "" "runtime.inter-op-threads=1"
#
# Run from the repository root after `mvn -B -ntp -DskipTests package`. STEPS (default 8) timed steps per run.
set -euo pipefail
if [ $# -ne 5 ]; then
  sed -n '2,9p' "$0" >&2
  exit 2
fi
PAIRS=$1; MODE=$2; PRECISION=$3; A=$4; B=$5
STEPS=${STEPS:-8}
JAR=${JAR:-target/bertune.jar}
OUT=${OUT:-runs/ab/$(date -u +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"
echo "writing $OUT" >&2
for i in $(seq 1 "$PAIRS"); do
  for variant in A B; do
    if [ "$variant" = A ]; then settings=$A; else settings=$B; fi
    args=()
    for kv in $settings; do args+=(--set "$kv"); done
    java -jar "$JAR" bench --modes "$MODE" --precision "$PRECISION" --steps "$STEPS" --warmup 2 --threads 2 \
        --json ${args[@]+"${args[@]}"} > "$OUT/$variant-$i.json" 2> "$OUT/$variant-$i.log"
  done
done
python3 - "$OUT" "$PAIRS" <<'PY'
import json, statistics, sys
out, pairs = sys.argv[1], int(sys.argv[2])
ratios = []
for i in range(1, pairs + 1):
    a = json.load(open(f"{out}/A-{i}.json"))["modes"][0]
    b = json.load(open(f"{out}/B-{i}.json"))["modes"][0]
    ratios.append(b["examples_per_sec"] / a["examples_per_sec"])
    print(f"pair {i}: A {a['examples_per_sec']:.3f} ex/s, {a['peak_rss_mb']:.0f} MB | "
          f"B {b['examples_per_sec']:.3f} ex/s, {b['peak_rss_mb']:.0f} MB | B/A {ratios[-1]:.3f}")
print(f"median B/A speed {statistics.median(ratios):.3f} (min {min(ratios):.3f}, max {max(ratios):.3f})")
PY
