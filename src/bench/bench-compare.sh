#!/usr/bin/env bash
# bertune bench and the PyTorch reference (/work/shared/bench/torch_bert.py), in turn, ROUNDS times, every
# mode and precision in its own process; one JSON file per run in OUT. Summarise with src/bench/bench-summary.py.
# Run from the repository root after `mvn -B -ntp -DskipTests package`, on a quiet machine (BENCHMARKS.md).
#
#   src/bench/bench-compare.sh                          # 3 rounds, batch 8 x 128, 3 warm-up + 20 timed steps
#   ROUNDS=1 STEPS=3 WARMUP=1 src/bench/bench-compare.sh  # a quick check that everything runs
set -euo pipefail
ROUNDS=${ROUNDS:-3}
BATCH=${BATCH:-8}
SEQ=${SEQ:-128}
STEPS=${STEPS:-20}
WARMUP=${WARMUP:-3}
THREADS=${THREADS:-2}
PRECISIONS=${PRECISIONS:-"fp32 bf16"}
MODES=${MODES:-"forward frozen full"}
OUT=${OUT:-runs/bench/$(date -u +%Y%m%d-%H%M%S)}
JAR=${JAR:-target/bertune.jar}
TORCH=${TORCH:-/work/shared/bench/torch_bert.py}
MODEL_ARGS=()
if [ -n "${MODEL:-}" ]; then MODEL_ARGS=(--model "$MODEL"); fi

# OpenBLAS 0.3.21 falls back to its Prescott (SSE3) kernels on CPUs it does not know (Intel family 6, model 207:
# ~4x slower): name the AVX-512 ones there. Where it picks a kernel of its own (AMD Zen 4: Cooperlake), keep it,
# since forcing SkylakeX was ~10% slower there. The torch logs' "Core: ..." line says which ran.
TORCH_ENV=(-u OPENBLAS_L2_SIZE -u OPENBLAS_CORETYPE)
detected=$(env "${TORCH_ENV[@]}" OPENBLAS_VERBOSE=2 /usr/bin/python3 -c \
    'import torch; torch.ones(64, 64) @ torch.ones(64, 64)' 2>&1 | sed -n 's/^Core: //p' | head -1)
if [ -z "$detected" ] || [ "$detected" = Prescott ]; then TORCH_ENV+=(OPENBLAS_CORETYPE=SkylakeX); fi
echo "OpenBLAS picks ${detected:-nothing}; PyTorch runs with: env ${TORCH_ENV[*]}" >&2

mkdir -p "$OUT"
echo "writing $OUT" >&2
for round in $(seq 1 "$ROUNDS"); do
  for precision in $PRECISIONS; do
    for mode in $MODES; do
      case $mode in forward) torch_mode=infer ;; frozen) torch_mode=train-frozen ;; full) torch_mode=train ;; esac
      name=$mode-$precision-$round
      echo "round $round: $mode $precision" >&2
      src/bench/others-busy.sh java -jar "$JAR" bench "${MODEL_ARGS[@]}" --modes "$mode" --precision "$precision" \
          --batch "$BATCH" --seq "$SEQ" --steps "$STEPS" --warmup "$WARMUP" --threads "$THREADS" --json \
          > "$OUT/bertune-$name.json" 2> "$OUT/bertune-$name.log" || echo "  failed: $OUT/bertune-$name.log" >&2
      src/bench/others-busy.sh env "${TORCH_ENV[@]}" OPENBLAS_VERBOSE=2 \
          /usr/bin/python3 "$TORCH" --mode "$torch_mode" --batch "$BATCH" --seq "$SEQ" --steps "$STEPS" \
          --warmup "$WARMUP" --threads "$THREADS" --dtype "$precision" \
          > "$OUT/torch-$name.json" 2> "$OUT/torch-$name.log" || echo "  failed: $OUT/torch-$name.log" >&2
      grep -h "others-busy" "$OUT/bertune-$name.log" "$OUT/torch-$name.log" | sed 's/^/  /' >&2
    done
  done
done
echo "done: python3 src/bench/bench-summary.py $OUT" >&2
