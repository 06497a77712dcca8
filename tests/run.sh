#!/usr/bin/env bash
# run.sh — run every test program and script, sum their "N passed, N failed" lines, and end with
# the total. Exits non-zero if anything failed or a test program did not report.
set -u
BUILD=${BUILD:-build}
PYTHON=${PYTHON:-/usr/bin/python3}
export BUILD PYTHON
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
total_pass=0 total_fail=0
run() {  # run NAME CMD...: the last "N passed, N failed" line of its output is its score
    local name=$1; shift
    local out rc
    out=$("$@" 2>&1); rc=$?
    printf '%s\n' "$out" | sed "s/^/  [$name] /" | tail -n 40
    local line
    line=$(printf '%s\n' "$out" | grep -E '[0-9]+ passed, [0-9]+ failed' | tail -n 1)
    if [ -z "$line" ]; then
        echo "  [$name] did not report a result (exit $rc): counted as 1 failure"
        total_fail=$((total_fail + 1)); return
    fi
    local p f
    p=$(printf '%s' "$line" | grep -oE '[0-9]+ passed' | grep -oE '[0-9]+')
    f=$(printf '%s' "$line" | grep -oE '[0-9]+ failed' | grep -oE '[0-9]+')
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; echo "  [$name] exited $rc"; fi
    total_pass=$((total_pass + p)); total_fail=$((total_fail + f))
}
for t in "$BUILD"/tests/test_*; do
    [ -x "$t" ] || continue
    run "$(basename "$t")" "$t"
done
for t in tests/cli/test_*.sh; do
    [ -f "$t" ] || continue
    run "$(basename "$t")" bash "$t"
done
for t in tests/oracle/test_*.py; do
    [ -f "$t" ] || continue
    run "$(basename "$t")" "$PYTHON" "$t"
done
for t in tests/tokenizer/test_*.sh; do
    [ -f "$t" ] || continue
    run "$(basename "$t")" bash "$t"
done
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
