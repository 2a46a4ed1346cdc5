#!/usr/bin/env bash
# Load test of `bertune serve` with wrk (Debian's package): throughput and p50/p99 latency of :classify-text at
# concurrency 1, 8 and 32 on short reviews, then resident memory before and after 10,000 more requests.
# Usage: src/bench/serve/load-test.sh EXPORT_DIR [SECONDS]   (SKIP_SOAK=1: without the 10,000 requests)
set -euo pipefail
cd "$(dirname "$0")/../../.."
EXPORT=${1:?export version folder}
SECONDS_EACH=${2:-20}
PORT=18501
NAME=$(basename "$(dirname "$(realpath "$EXPORT")")")
URL="http://127.0.0.1:$PORT/v1/models/$NAME:classify-text"
java -jar target/bertune.jar serve --model "$EXPORT" --port $PORT --host 127.0.0.1 > /tmp/bertune-serve.log 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
for i in $(seq 120); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 1; done
rss() { awk '/VmRSS/ {print int($2 / 1024)}' /proc/$PID/status; }
wrk -t1 -c1 -d5s -s src/bench/serve/classify.lua "$URL" >/dev/null   # warm-up
for c in 1 8 32; do
  t=$(( c < 2 ? 1 : 2 ))
  echo "concurrency $c: $(wrk -t$t -c$c -d${SECONDS_EACH}s --timeout 30s -s src/bench/serve/classify.lua "$URL" | grep RESULT)"
done
if [ "${SKIP_SOAK:-0}" = 1 ]; then exit 0; fi
before=$(rss)
# 10,000 requests: wrk runs for a duration, so run until the count is reached
total=0
while [ $total -lt 10000 ]; do
  n=$(wrk -t2 -c32 -d20s --timeout 30s -s src/bench/serve/classify.lua "$URL" | sed -n 's/.*RESULT requests=\([0-9]*\).*/\1/p')
  total=$((total + n))
  echo "  ... $total requests, RSS $(rss) MiB"
done
echo "memory: RSS $before MiB before, $(rss) MiB after $total more requests"
kill -TERM $PID; wait $PID || true
tail -2 /tmp/bertune-serve.log
