#!/usr/bin/env bash
# test_determinism.sh — the same model, prompt, settings and seed give byte-identical token
# streams (generate --json) and trace files (trace --out) across runs, thread counts (1 and 2
# OpenMP threads) and optimisation levels (the -O3 build against an -O0 build of the same source,
# made here in build-O0/). docs/robustness.md says what is guaranteed and why.
set -u
BUILD=${BUILD:-build}
GB="$BUILD/glassbox"
model=assets/models/classroom
pass=0 fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
tmp=$(mktemp -d /tmp/glassbox-determinism-XXXXXX)
trap 'rm -rf "$tmp"' EXIT

# run BIN THREADS NAME: a token stream and a trace with sampling that uses every control
run() {
    OMP_NUM_THREADS=$2 "$1" generate --model "$model" --prompt "Once upon a time, there was a" --steps 40 \
        --temperature 0.9 --top-k 40 --top-p 0.95 --seed 11 --json >"$tmp/$3.gen" 2>&1 || bad "$3: generate failed"
    OMP_NUM_THREADS=$2 "$1" trace --model "$model" --prompt "The Eiffel Tower is located in" --steps 6 \
        --temperature 1.3 --seed 5 --out "$tmp/$3.json" >/dev/null 2>&1 || bad "$3: trace failed"
}
same() { # same A B WHAT
    if cmp -s "$tmp/$1.gen" "$tmp/$2.gen" && cmp -s "$tmp/$1.json" "$tmp/$2.json"; then ok
    else bad "$3: the outputs differ ($(cmp "$tmp/$1.gen" "$tmp/$2.gen" | head -1) $(cmp "$tmp/$1.json" "$tmp/$2.json" | head -1))"; fi
}

run "$GB" 2 a
run "$GB" 2 b
same a b "two runs"
run "$GB" 1 one
same a one "1 thread against 2"
[ -s "$tmp/a.json" ] && [ "$(wc -l <"$tmp/a.gen")" -ge 40 ] && ok || bad "the outputs are empty"

# The same source at -O0 (built once, kept in build-O0/).
if MAKEFLAGS= MAKELEVEL= make --no-print-directory -s BUILD=build-O0 OPT=-O0 SAN= build-O0/glassbox >"$tmp/make.log" 2>&1; then
    run build-O0/glassbox 2 O0
    same a O0 "-O3 against -O0"
else
    bad "cannot build the -O0 glassbox: $(tail -3 "$tmp/make.log")"
fi
echo "test_determinism: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
