#!/usr/bin/env bash
# test_viz_cli.sh — `glassbox view` as a user runs it: help, headless screenshots (size,
# determinism, one panel alone, keys), the benchmark's output, and bad input: every mistake gets
# "glassbox: <what>: <problem> (hint: ...)", a non-zero exit, no crash and no half-written PNG.
set -u
BUILD=${BUILD:-build}
GB="$BUILD/glassbox"
MK="$BUILD/tools/mkmodel"
pass=0 fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
tmp=$(mktemp -d /tmp/glassbox-viz-cli-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
export SDL_VIDEODRIVER=dummy  # nothing here may need a display

"$MK" --out "$tmp/m" --layers 2 --heads 4 --embd 32 --ctx 64 --vocab 300 --seed 3 >/dev/null || bad "mkmodel"

# png_size FILE: "W H" from the PNG header (bytes 16..23, big-endian).
png_size() { od -An -tu1 -j16 -N8 "$1" | awk '{print $1*16777216+$2*65536+$3*256+$4, $5*16777216+$6*65536+$7*256+$8}'; }

# expect_error NAME PATTERN CMD...: non-zero exit (not a crash), a "glassbox: ...PATTERN" line,
# and no out.png (or out.png.tmp) left behind.
expect_error() {
    local name=$1 pattern=$2; shift 2
    rm -f "$tmp"/out.png*
    local err rc
    err=$("$@" 2>&1 >/dev/null); rc=$?
    if [ "$rc" -eq 0 ]; then bad "$name: exit 0"; return; fi
    if [ "$rc" -ge 128 ]; then bad "$name: crashed (exit $rc): $err"; return; fi
    if ! printf '%s\n' "$err" | grep -qE "^glassbox: .*$pattern"; then bad "$name: message '$err' lacks '$pattern'"; return; fi
    if ! printf '%s\n' "$err" | grep -q "hint: "; then bad "$name: no hint in '$err'"; return; fi
    if ls "$tmp"/out.png* >/dev/null 2>&1; then bad "$name: left a PNG behind"; return; fi
    ok
}

# Help.
"$GB" view --help | grep -q "example:" && ok || bad "view --help has an example"
"$GB" --help | grep -qE '^  view ' && ok || bad "glassbox --help lists view"

# Headless screenshots.
"$GB" view --headless --model "$tmp/m" --steps 3 --size 800x450 --screenshot "$tmp/a.png" && ok || bad "headless render"
[ "$(png_size "$tmp/a.png")" = "800 450" ] && ok || bad "the PNG is 800 x 450 (got $(png_size "$tmp/a.png"))"
"$GB" view --headless --model "$tmp/m" --steps 3 --size 800x450 --screenshot "$tmp/b.png" && cmp -s "$tmp/a.png" "$tmp/b.png" \
    && ok || bad "the same options render the same PNG, byte for byte"
"$GB" view --headless --model "$tmp/m" --steps 3 --size 800x450 --theme light --screenshot "$tmp/c.png" && \
    ! cmp -s "$tmp/a.png" "$tmp/c.png" && ok || bad "--theme light changes the picture"
"$GB" view --headless --model "$tmp/m" --size 640x360 --keys "Space Space Left 2 T" --screenshot "$tmp/k.png" && \
    [ "$(png_size "$tmp/k.png")" = "640 360" ] && ok || bad "--keys"
"$GB" view --headless --model "$tmp/m" --size 640x360 --keys "Return End text:' and a dog' Return Space" \
    --screenshot "$tmp/e.png" && ok || bad "--keys edits the prompt"
for p in tokens attention probs neighbours lens; do
    "$GB" view --headless --model "$tmp/m" --steps 2 --panel $p --size 640x360 --screenshot "$tmp/p-$p.png" && \
        [ -s "$tmp/p-$p.png" ] && ok || bad "--panel $p"
done
n=$(cksum "$tmp"/p-*.png | awk '{print $1}' | sort -u | wc -l)
[ "$n" -eq 5 ] && ok || bad "five different panels ($n distinct images)"
ls "$tmp"/*.tmp >/dev/null 2>&1 && bad "a temporary file was left" || ok

# The benchmark prints its numbers.
out=$("$GB" view --headless --model "$tmp/m" --size 640x360 --bench 5) && \
    printf '%s\n' "$out" | grep -qE '^first frame +[0-9.]+ s' && \
    printf '%s\n' "$out" | grep -qE '^draw, redraw +p50 [0-9.]+ ms, p95 [0-9.]+ ms' && ok || bad "--bench: $out"

# Bad input.
expect_error "unknown option" "view: unknown option" "$GB" view --bogus
expect_error "stray argument" "view: unknown argument" "$GB" view stray
expect_error "missing value" "view: --model needs a value" "$GB" view --model
expect_error "bad size" "--size: expected WIDTHxHEIGHT" "$GB" view --headless --size 12 --screenshot "$tmp/out.png"
expect_error "zero size" "--size" "$GB" view --headless --size 0x10 --screenshot "$tmp/out.png"
expect_error "bad theme" "--theme: expected dark, light or contrast" "$GB" view --theme pink
expect_error "bad panel" "--panel" "$GB" view --panel everything
expect_error "bad steps" "--steps" "$GB" view --steps -1
expect_error "bad top-p" "--top-p" "$GB" view --top-p 0
expect_error "headless needs a file" "--headless needs --screenshot" "$GB" view --headless --model "$tmp/m"
expect_error "bench needs headless" "--bench needs --headless" "$GB" view --bench 3
expect_error "missing model" "$tmp/nothing: no such model folder" \
    "$GB" view --headless --model "$tmp/nothing" --screenshot "$tmp/out.png"
cp -r "$tmp/m" "$tmp/broken" && printf '{"n_layer": 2' > "$tmp/broken/config.json"
expect_error "broken config.json" "broken/config.json" "$GB" view --headless --model "$tmp/broken" --screenshot "$tmp/out.png"
rm -f "$tmp/broken/vocab.json"
printf '{}' > "$tmp/broken/config.json" && cp "$tmp/m/config.json" "$tmp/broken/config.json"
expect_error "no tokenizer" "vocab.json" "$GB" view --headless --model "$tmp/broken" --screenshot "$tmp/out.png"
expect_error "unknown key" "--keys: unknown key 'Frobnicate'" \
    "$GB" view --headless --model "$tmp/m" --keys "Space Frobnicate" --screenshot "$tmp/out.png"
expect_error "unwritable screenshot" "$tmp/no/such/dir/out.png" \
    "$GB" view --headless --model "$tmp/m" --screenshot "$tmp/no/such/dir/out.png"

# The default model: the classroom model when it is installed, else a message that says how to get it.
if [ -f assets/models/classroom/config.json ]; then
    "$GB" view --headless --size 320x180 --screenshot "$tmp/classroom.png" && ok || bad "the classroom model opens"
else
    expect_error "no classroom model" "models/classroom: no such model folder.*make model" \
        "$GB" view --headless --screenshot "$tmp/out.png"
fi

# No display at all: a clear message, not a crash.
err=$(env -u DISPLAY -u WAYLAND_DISPLAY -u SDL_VIDEODRIVER "$GB" view --model "$tmp/m" 2>&1 >/dev/null); rc=$?
if [ "$rc" -ne 0 ] && [ "$rc" -lt 128 ] && printf '%s' "$err" | grep -q "glassbox: cannot open a window.*--headless"; then ok
else bad "no display: exit $rc, '$err'"; fi

echo "test_viz_cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
