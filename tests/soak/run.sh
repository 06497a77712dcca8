#!/usr/bin/env bash
# run.sh — `make soak`: the long runs docs/robustness.md reports.
#   1. glassbox generate for SOAK_TOKENS tokens (default 100000) in one run: it crosses the context
#      window hundreds of times (the window slides: the last half is kept); the resident memory is
#      sampled every second and must stay flat (the last sample within 2 MB of the first one taken
#      after the model is loaded).
#   2. the viewer soak (tests/test_viz_soak.c) with SOAK_INTERACTIONS scripted interactions
#      (default 10000), a frame drawn after each, under AddressSanitizer + LeakSanitizer.
# Ends with "N passed, N failed".
set -u
BUILD=${BUILD:-build}
SAN_BUILD=${SAN_BUILD:-build-san}
TOKENS=${SOAK_TOKENS:-100000}
INTERACTIONS=${SOAK_INTERACTIONS:-10000}
pass=0 fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
tmp=$(mktemp -d /tmp/glassbox-soak-XXXXXX)
trap 'rm -rf "$tmp"' EXIT

start=$(date +%s)
"$BUILD/glassbox" generate --prompt "Once upon a time" --steps "$TOKENS" --seed 9 --json >"$tmp/gen.jsonl" 2>"$tmp/gen.err" &
pid=$!
: >"$tmp/rss"
while kill -0 "$pid" 2>/dev/null; do
    awk '/VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null >>"$tmp/rss"
    sleep 1
done
wait "$pid"; rc=$?
secs=$(( $(date +%s) - start ))
lines=$(wc -l <"$tmp/gen.jsonl")
samples=$(grep -c . "$tmp/rss")
first=$(sed -n 2p "$tmp/rss"); last=$(tail -1 "$tmp/rss"); peak=$(sort -n "$tmp/rss" | tail -1)
echo "  generate: $lines tokens in $secs s (exit $rc); resident memory over $samples samples: ${first:-?} kB after loading, ${last:-?} kB at the end, ${peak:-?} kB at most"
[ $rc -eq 0 ] && [ "$lines" -eq "$TOKENS" ] && ok || bad "generate: exit $rc, $lines of $TOKENS tokens: $(head -c 300 "$tmp/gen.err")"
if [ -n "$first" ] && [ -n "$last" ] && [ $((last - first)) -le 2048 ]; then ok; else bad "generate: memory grew from ${first:-?} kB to ${last:-?} kB"; fi

make --no-print-directory -s BUILD="$SAN_BUILD" OPT=-O1 \
    SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" \
    "$SAN_BUILD/tests/test_viz_soak" >/dev/null || bad "cannot build $SAN_BUILD/tests/test_viz_soak"
start=$(date +%s)
GLASSBOX_SOAK_N=$INTERACTIONS SDL_VIDEODRIVER=dummy "$SAN_BUILD/tests/test_viz_soak" >"$tmp/viewer.out" 2>&1
rc=$?
echo "  viewer (ASan + LSan): $(grep interactions "$tmp/viewer.out" | sed 's/^ *//') ($(( $(date +%s) - start )) s, exit $rc)"
[ $rc -eq 0 ] && grep -q ' 0 failed' "$tmp/viewer.out" && ok || bad "viewer soak: exit $rc: $(grep -m3 -E 'FAIL|ERROR|SUMMARY' "$tmp/viewer.out")"
echo "soak: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
