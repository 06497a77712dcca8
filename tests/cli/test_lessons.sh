#!/usr/bin/env bash
# test_lessons.sh — every lesson in lessons/ plays headless from its first page to its last on the
# classroom model with every check holding and at least one question; lessons/README.md lists
# them all; the tutorial lesson in docs/lessons.md plays; malformed lessons give
# "<file>:<line>: <reason>" and a clean non-zero exit; and the pages the teacher guide shows are
# rendered into docs/images/.
set -u
BUILD=${BUILD:-build}
GB="$BUILD/glassbox"
model=assets/models/classroom
pass=0 fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
tmp=$(mktemp -d /tmp/glassbox-lessons-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
export SDL_VIDEODRIVER=dummy

# The pages docs/teacher-guide.md shows: lesson file, page, image name.
guide_pages=(
    "01-next-word.lesson 2 lesson-question"
    "01-next-word.lesson 3 lesson-answer"
    "04-attention.lesson 4 lesson-attention"
    "08-training.lesson 7 lesson-training"
    "10-limits.lesson 11 lesson-finetune"
)

if [ ! -f "$model/model.safetensors" ]; then
    bad "the classroom model is missing ($model): the lessons are written for it"
    echo "test_lessons: $pass passed, $fail failed"
    exit 1
fi

# --- every lesson --------------------------------------------------------------------------------
n=0
for f in lessons/*.lesson; do
    [ -e "$f" ] || continue
    n=$((n + 1))
    name=$(basename "$f" .lesson)
    out="$tmp/$name.out"
    start=$(date +%s.%N)
    "$GB" lesson "$f" --model "$model" --headless --screenshots "$tmp/$name" >"$out" 2>&1
    rc=$?
    secs=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')
    summary=$(tail -1 "$out")
    if [ $rc -eq 0 ] && echo "$summary" | grep -Eq ' [0-9]+ checks held, 0 failed$'; then ok
    else bad "$f: exit $rc: $(grep -E 'CHECK FAILED|glassbox:' "$out" | head -3) $summary"; fi
    pages=$(echo "$summary" | sed -n 's/.*: \([0-9]*\) pages.*/\1/p')
    shots=$(ls "$tmp/$name" 2>/dev/null | wc -l)
    [ -n "$pages" ] && [ "$shots" -eq "$pages" ] && ok || bad "$f: $shots screenshots for ${pages:-?} pages"
    questions=$(echo "$summary" | sed -n 's/.* \([0-9]*\) questions.*/\1/p')
    [ "${questions:-0}" -ge 1 ] && ok || bad "$f: no predict-then-reveal question"
    checks=$(echo "$summary" | sed -n 's/.* \([0-9]*\) checks held.*/\1/p')
    [ "${checks:-0}" -ge 2 ] && ok || bad "$f: ${checks:-0} checks: a lesson backs its claims"
    grep -q "($name.lesson)" lessons/README.md && ok || bad "lessons/README.md does not list $name.lesson"
    printf '  %-28s %s (%.1f s)\n' "$name" "${summary#lesson $f: }" "$secs"
done
[ "$n" -ge 10 ] && ok || bad "lessons/ has $n lessons, 10 expected"

# --- the tutorial in docs/lessons.md ------------------------------------------------------------
awk '/<!-- tutorial/{f=1;next} f&&/^```$/{if(s){exit} s=1; next} f&&s{print}' docs/lessons.md >"$tmp/tutorial.lesson"
if grep -q '^title ' "$tmp/tutorial.lesson" && "$GB" lesson "$tmp/tutorial.lesson" --model "$model" --headless >"$tmp/tut.out" 2>&1 \
    && tail -1 "$tmp/tut.out" | grep -q ' 0 failed$'; then ok
else bad "the tutorial lesson in docs/lessons.md: $(tail -2 "$tmp/tut.out")"; fi

# --- malformed lessons ----------------------------------------------------------------------------
# expect FILE-CONTENT-WRITER WANT: the lesson must be refused with a message containing WANT.
expect() {
    local file=$1 want=$2
    "$GB" lesson "$file" --model "$model" --headless >"$tmp/out" 2>"$tmp/err"
    local rc=$?
    if [ $rc -ne 0 ] && [ $rc -lt 128 ] && grep -qF -- "$want" "$tmp/err"; then ok
    else bad "$(basename "$file"): exit $rc, want '$want', got: $(head -c 300 "$tmp/err")"; fi
}
L="$tmp/bad"
mkdir -p "$L"
printf 'title t\nsummary s\nprompt The cat\nsya hello\n' >"$L/unknown.lesson"
expect "$L/unknown.lesson" "unknown.lesson:4: unknown directive 'sya'"
printf 'title t\nsummary s\nprompt The cat\ntemperature warm\nsay hi\n' >"$L/number.lesson"
expect "$L/number.lesson" "number.lesson:4: the temperature: expected a number, got 'warm'"
printf 'title t\nsummary s\nstep 2\nsay hi\n' >"$L/noprompt.lesson"
expect "$L/noprompt.lesson" "noprompt.lesson:3: 'step' needs a prompt first"
printf 'title t\nsummary s\nprompt The cat\ncheck top " Zyzzyvaqx"\nsay hi\n' >"$L/token.lesson"
expect "$L/token.lesson" "token.lesson:4: \" Zyzzyvaqx\" is not one token of this model's vocabulary"
printf 'title t\nsummary s\nhighlight head 5 1\nsay hi\n' >"$L/layer.lesson"
expect "$L/layer.lesson" "layer.lesson:3: layer 5: the model has 4 layers"
: >"$L/empty.lesson"
expect "$L/empty.lesson" "empty.lesson: no 'title' line"
head -c 10485760 /dev/zero | tr '\0' 'a' >"$L/big.lesson"
expect "$L/big.lesson" "big.lesson: too large for a lesson"
head -c 4096 /dev/urandom >"$L/junk.lesson"
printf '\0' >>"$L/junk.lesson"
expect "$L/junk.lesson" "junk.lesson: not a text file"
expect "$L/missing.lesson" "missing.lesson: cannot open"
"$GB" lesson >/dev/null 2>"$tmp/err"; rc=$?
[ $rc -eq 2 ] && grep -q "which lesson" "$tmp/err" && ok || bad "no lesson file: exit $rc"

# --- the teacher guide's pages --------------------------------------------------------------------
for entry in "${guide_pages[@]}"; do
    set -- $entry
    src="$tmp/${1%.lesson}/page-$(printf %02d "$2").png"
    if [ -f "$src" ]; then cp "$src" "docs/images/$3.png" && ok
    else bad "no page $2 of $1 for docs/images/$3.png"; fi
done

echo "test_lessons: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
