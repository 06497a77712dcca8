#!/usr/bin/env bash
# test_viz_docs.sh — renders the screenshots docs/teacher-guide.md and README.md show, into
# docs/images/, with `glassbox view --headless`, and checks each one: written, a PNG, the size
# asked for. They show the classroom model when assets/models/classroom is installed; until then a
# small random model (its words are nonsense, the pictures still show what each panel does).
# Rendering is deterministic, so running the suite again rewrites the same bytes.
set -u
BUILD=${BUILD:-build}
GB="$BUILD/glassbox"
out=docs/images
pass=0 fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
tmp=$(mktemp -d /tmp/glassbox-viz-docs-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
export SDL_VIDEODRIVER=dummy
mkdir -p "$out"

if [ -f assets/models/classroom/config.json ]; then
    model=assets/models/classroom
else
    model="$tmp/random-model"
    "$BUILD/tools/mkmodel" --out "$model" --layers 4 --heads 6 --embd 96 --ctx 128 --vocab 400 --seed 7 >/dev/null \
        || bad "mkmodel"
fi

png_size() { od -An -tu1 -j16 -N8 "$1" | awk '{print $1*16777216+$2*65536+$3*256+$4 "x" $5*16777216+$6*65536+$7*256+$8}'; }

# shot NAME WxH [view options]: render docs/images/NAME.png and check it (PROMPT picks the prompt).
shot() {
    local name=$1 size=$2; shift 2
    if "$GB" view --headless --model "$model" --prompt "${PROMPT:-The cat sat on the}" --size "$size" "$@" \
        --screenshot "$out/$name.png" && [ "$(png_size "$out/$name.png")" = "$size" ]; then ok
    else bad "$name.png ($size)"; fi
}

PROMPT="The Eiffel Tower is located in" shot viewer 1280x720
shot tokens     960x300  --steps 3 --panel tokens --keys "I"
shot attention  960x540  --steps 4 --panel attention
shot probs      960x540  --steps 2 --panel probs --top-k 5
shot chosen     960x540  --steps 3 --panel probs --keys "Left"
shot neighbours 960x540  --steps 2 --panel neighbours
shot lens       960x540  --steps 2 --panel lens
shot light      1280x720 --steps 3 --theme light
shot contrast   1280x720 --steps 3 --theme contrast
shot help       1280x720 --steps 1 --keys "?"
rm -f "$tmp/first-run-settings"
shot welcome    1280x720 --settings "$tmp/first-run-settings"
shot lesson-menu 1280x720 --keys "L"
PROMPT="The Eiffel Tower is located in" shot evidence 960x540 --panel probs --keys "E G"
shot code-attention 1280x720 --steps 3 --keys "C Down ."
shot code-sampling  1280x720 --steps 3 --temperature 0.8 --top-k 5 --keys "C Tab Left"

echo "test_viz_docs: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
