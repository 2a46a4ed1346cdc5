#!/usr/bin/env bash
# Runs a command and reports, on stderr, how busy the machine's cores were with OTHER work meanwhile:
# busy time of all cores (/proc/stat: all but idle and iowait) minus the command's own CPU time (user + sys of
# it and its children), as a share of all cores' time. Near 0% on a quiet machine. Without a command, it
# samples for 10 s (run it while nothing of yours runs).
#
#   src/bench/others-busy.sh                      # quiet check before a sitting
#   src/bench/others-busy.sh /usr/bin/python3 torch_bert.py --mode infer ...
#
# It cannot see another VM sharing the same physical cores (no steal time is reported on this machine's VM):
# compare bertune's "MatMul check" GFLOPS with the quiet figure as well.
set -euo pipefail
hz=$(getconf CLK_TCK)
read -r -a a < <(head -1 /proc/stat)
if [ $# -eq 0 ]; then
  sleep 10
  own=0
else
  status=0
  "$@" || status=$?
  # CPU time of finished children (the command and everything it started), e.g. "0m9.670s 0m0.500s"
  tmp=$(mktemp)
  times > "$tmp" # a builtin in this shell: a subshell would not see the children's times
  read -r user sys < <(tail -1 "$tmp")
  rm -f "$tmp"
  own=$(awk -v u="$user" -v s="$sys" -v hz="$hz" 'function sec(x, p) { split(x, p, "m"); sub("s", "", p[2]);
    return p[1] * 60 + p[2] } BEGIN { printf "%d", (sec(u) + sec(s)) * hz }')
fi
read -r -a b < <(head -1 /proc/stat)
busy=0; total=0
for i in 1 2 3 4 5 6 7 8; do
  d=$(( b[i] - a[i] )); total=$(( total + d ))
  if [ "$i" -ne 4 ] && [ "$i" -ne 5 ]; then busy=$(( busy + d )); fi
done
others=$(( busy - own )); [ "$others" -lt 0 ] && others=0
if [ "$total" -le 0 ]; then
  echo "others-busy: n/a (ran for less than one clock tick)" >&2
else
  awk -v o="$others" -v t="$total" -v hz="$hz" \
    'BEGIN { printf "others-busy: %.1f%% of all cores (over %.1f core-seconds)\n", 100 * o / t, t / hz }' >&2
fi
exit "${status:-0}"
