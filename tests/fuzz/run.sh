#!/usr/bin/env bash
# run.sh — run fuzz targets: each for FUZZ_SECONDS on its seeds (tests/fuzz/corpus/<target>, read
# only) and what earlier runs found (build-fuzz/corpus/<target>), with its dictionary if it has
# one. Prints each target's executions and ends with "N passed, N failed"; a target fails if
# libFuzzer finds a crash, a leak or a timeout (the input is kept in build-fuzz/crashes/).
set -u
FUZZ_BUILD=${FUZZ_BUILD:-build-fuzz}
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
export GLASSBOX_FUZZ_MODEL=${GLASSBOX_FUZZ_MODEL:-assets/models/classroom}
pass=0 fail=0
mkdir -p "$FUZZ_BUILD/crashes"
for t in "$@"; do
    name=${t#fuzz_}
    work="$FUZZ_BUILD/corpus/$name"
    mkdir -p "$work"
    dict=()
    [ -f "tests/fuzz/$name.dict" ] && dict=(-dict="tests/fuzz/$name.dict")
    log="$FUZZ_BUILD/$t.log"
    "$FUZZ_BUILD/$t" "$work" "tests/fuzz/corpus/$name" "${dict[@]}" -max_total_time="$FUZZ_SECONDS" \
        -timeout=10 -rss_limit_mb=2048 -max_len=65536 -artifact_prefix="$FUZZ_BUILD/crashes/$name-" \
        -print_final_stats=1 >"$log" 2>&1
    rc=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    if [ $rc -eq 0 ]; then
        pass=$((pass + 1))
        printf '  %-18s %12s executions in %s s, no crash, leak or hang\n' "$name" "${runs:-?}" "$FUZZ_SECONDS"
    else
        fail=$((fail + 1))
        echo "FAIL: $name (exit $rc): $(grep -m1 -E 'ERROR|SUMMARY|deadly|timeout' "$log")"
        echo "      log: $log; input: $(ls -t "$FUZZ_BUILD"/crashes/"$name"-* 2>/dev/null | head -1)"
    fi
done
echo "fuzz: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
