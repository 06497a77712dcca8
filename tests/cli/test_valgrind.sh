#!/usr/bin/env bash
# test_valgrind.sh — the CLI's generate and trace, a headless viewer run and a headless lesson
# (with a fine-tune) under valgrind's memcheck: 0 errors and 0 bytes definitely lost. A sanitizer
# build cannot run under valgrind: there this script checks nothing and says so.
set -u
BUILD=${BUILD:-build}
GB="$BUILD/glassbox"
pass=0 fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
tmp=$(mktemp -d /tmp/glassbox-valgrind-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
if nm -C "$GB" 2>/dev/null | grep -q __asan_init; then
    echo "  $GB is built with AddressSanitizer: valgrind cannot run it (the plain build is checked)"
    echo "test_valgrind: 0 passed, 0 failed"
    exit 0
fi
if ! command -v valgrind >/dev/null; then
    bad "valgrind is not installed (make deps installs it)"
    echo "test_valgrind: $pass passed, $fail failed"
    exit 1
fi
export OMP_NUM_THREADS=1 SDL_VIDEODRIVER=dummy
# vg NAME ARGS...: run glassbox under memcheck; errors or definite leaks fail it
vg() {
    local name=$1; shift
    valgrind --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite --log-file="$tmp/$name.vg" \
        "$GB" "$@" >"$tmp/$name.out" 2>&1
    local rc=$?
    local errors lost
    errors=$(sed -n 's/.*ERROR SUMMARY: \([0-9]*\) errors.*/\1/p' "$tmp/$name.vg" | tail -1)
    lost=$(sed -n 's/.*definitely lost: \([0-9,]*\) bytes.*/\1/p' "$tmp/$name.vg" | tail -1)
    if [ $rc -eq 0 ] && [ "${errors:-x}" = 0 ] && [ "${lost:-0}" = 0 ]; then
        ok
        echo "  $name: 0 errors, 0 bytes definitely lost"
    else
        bad "$name: exit $rc, ${errors:-?} errors, ${lost:-?} bytes definitely lost ($(grep -m2 -E 'Invalid|uninitialised|definitely' "$tmp/$name.vg"))"
    fi
}
vg generate generate --prompt "The cat sat on the" --steps 8 --temperature 0.8 --top-k 20 --seed 3
vg trace trace --prompt "The Eiffel Tower is located in" --steps 4 --out "$tmp/trace.json"
vg view view --headless --prompt "Once upon a time" --steps 3 --keys "Left 2 E G" --screenshot "$tmp/view.png"
cat >"$tmp/vg.lesson" <<'LESSON'
title Valgrind
summary A lesson that samples, asks and fine-tunes.
prompt The cat sat on the
ask Which word comes next?
choice " mat"
choice " rug"
step 2
finetune 2
example The cat sat on the sofa.
say After the fine-tune.
restore
LESSON
vg lesson lesson "$tmp/vg.lesson" --headless
echo "test_valgrind: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
