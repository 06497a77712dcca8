#!/usr/bin/env bash
# test_train.sh — `glassbox train` as a user runs it: the tokenizer first, the progress lines, the
# files of a checkpoint, Ctrl+C (a checkpoint, a clean exit) and --resume (which continues exactly:
# an interrupted and resumed run ends with the same bytes as one run straight through), the
# --positions start, and bad options.
set -u
BUILD=${BUILD:-build}
PYTHON=${PYTHON:-/usr/bin/python3}
GB="$BUILD/glassbox"
pass=0 fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
tmp=$(mktemp -d /tmp/glassbox-train-XXXXXX)
trap 'rm -rf "$tmp"' EXIT

"$BUILD/corpusgen" --seed 2 --size 1 --out "$tmp/c.txt" >/dev/null || bad "corpusgen"

# corpusgen --echo: off by default (--echo 0 writes the same bytes), games when asked, bad values refused.
"$BUILD/corpusgen" --seed 2 --size 1 --echo 0 --out "$tmp/e0.txt" >/dev/null && cmp -s "$tmp/c.txt" "$tmp/e0.txt" \
    && ok || bad "corpusgen --echo 0 does not write the default corpus"
"$BUILD/corpusgen" --seed 2 --size 1 --echo 32 --out "$tmp/e32.txt" >/dev/null || bad "corpusgen --echo 32"
games=$(grep -c "The parrot said them" "$tmp/e32.txt")
[ "$games" -ge 100 ] && [ "$(grep -c "The parrot said them" "$tmp/c.txt")" -eq 0 ] && ok \
    || bad "corpusgen --echo 32 wrote $games echo games in 1 MB"
err=$("$BUILD/corpusgen" --echo lots --out "$tmp/ebad.txt" 2>&1); rc=$?
[ "$rc" -ne 0 ] && [ ! -e "$tmp/ebad.txt" ] && printf '%s' "$err" | grep -q "^corpusgen: --echo: expected a number" \
    && ok || bad "corpusgen --echo lots: exit $rc, '$err'"
small=(--data "$tmp/c.txt" --layers 1 --heads 2 --width 32 --context 16 --vocab 300 --batch 4 --seed 3)

# A short run in a new folder: the tokenizer, progress, the files, training.json.
out=$("$GB" train "${small[@]}" --out "$tmp/a" --steps 20 --eval-every 10 2>&1); rc=$?
[ "$rc" -eq 0 ] && ok || bad "short run exited $rc: $out"
printf '%s' "$out" | grep -q "training a 300-token BPE vocabulary" && ok || bad "no tokenizer line: $out"
printf '%s' "$out" | grep -qE "^step +10/20 +loss [0-9.]+ +validation [0-9.]+ \(perplexity" && ok || bad "no progress line at step 10: $out"
printf '%s' "$out" | grep -q "^done: 20 steps" && ok || bad "no done line: $out"
for f in config.json model.safetensors vocab.json merges.txt optimizer.safetensors training.json; do
    [ -s "$tmp/a/$f" ] && ok || bad "the run did not write $f"
done
grep -q '"step": 20,' "$tmp/a/training.json" && ok || bad "training.json: step is not 20"
grep -q '"positions": "random",' "$tmp/a/training.json" && ok || bad "training.json: positions is not random"
"$GB" generate --model "$tmp/a" --prompt "The cat" --steps 3 >/dev/null 2>&1 && ok || bad "the trained folder does not generate"

# Straight through, then interrupted with Ctrl+C and resumed: the same model, byte for byte.
long=(--width 64 --context 32 --batch 8 --steps 600 --eval-every 200 --save-every 100000)
"$GB" train "${small[@]}" "${long[@]}" --out "$tmp/straight" >/dev/null 2>&1 || bad "straight run failed"
cp "$tmp/straight/vocab.json" "$tmp/straight/merges.txt" "$tmp" 2>/dev/null
mkdir -p "$tmp/resumed" && cp "$tmp/vocab.json" "$tmp/merges.txt" "$tmp/resumed/"
"$GB" train "${small[@]}" "${long[@]}" --out "$tmp/resumed" >"$tmp/int.log" 2>&1 &
pid=$!
for _ in $(seq 1 200); do   # wait for the first step (at most 20 s), then a little more
    grep -q "^step " "$tmp/int.log" 2>/dev/null && break
    sleep 0.1
done
sleep 0.3
kill -INT "$pid"
wait "$pid"; rc=$?
[ "$rc" -eq 0 ] && ok || bad "Ctrl+C: exit $rc, not 0"
stopped=$(grep -oE "^stopped at step [0-9]+" "$tmp/int.log" | grep -oE "[0-9]+$")
if [ -n "$stopped" ] && [ "$stopped" -lt 600 ]; then ok; else
    bad "Ctrl+C: no 'stopped at step N' line with N < 600: $(tail -2 "$tmp/int.log")"; fi
grep -q "\"step\": ${stopped:-x}," "$tmp/resumed/training.json" && ok || bad "Ctrl+C: training.json is not at step $stopped"
"$GB" train "${small[@]}" "${long[@]}" --out "$tmp/resumed" --resume >"$tmp/res.log" 2>&1 || bad "resume failed: $(tail -2 "$tmp/res.log")"
grep -q "^done: " "$tmp/res.log" && ok || bad "resume: no done line"
cmp -s "$tmp/straight/model.safetensors" "$tmp/resumed/model.safetensors" && ok ||
    bad "interrupted at step $stopped and resumed, the model differs from the straight run"
cmp -s "$tmp/straight/optimizer.safetensors" "$tmp/resumed/optimizer.safetensors" && ok ||
    bad "interrupted and resumed, the optimiser state differs from the straight run"

# --positions sine: the position embeddings start as 0.2 sin / cos with wavelengths from 2 to twice
# the context (one step at a tiny rate barely moves them).
"$GB" train "${small[@]}" --out "$tmp/sine" --steps 1 --lr 1e-9 --positions sine >/dev/null 2>&1 || bad "--positions sine run failed"
grep -q '"positions": "sine",' "$tmp/sine/training.json" && ok || bad "training.json: positions is not sine"
"$PYTHON" - "$tmp/sine/model.safetensors" <<'EOF' && ok || bad "--positions sine: wpe is not 0.2 sin/cos"
import json, math, struct, sys
blob = open(sys.argv[1], "rb").read()
n = struct.unpack("<Q", blob[:8])[0]
head = json.loads(blob[8:8 + n])
t = head["wpe.weight"]
T, C = t["shape"]
a, b = t["data_offsets"]
w = struct.unpack("<%df" % (T * C), blob[8 + n + a:8 + n + b])
worst = 0.0
pairs = C // 2
for pos in range(T):
    for i in range(0, C, 2):
        wavelength = 2.0 * (2.0 * T / 2.0) ** ((i // 2) / (pairs - 1))
        angle = 2 * math.pi * pos / wavelength
        worst = max(worst, abs(w[pos * C + i] - 0.2 * math.sin(angle)),
                    abs(w[pos * C + i + 1] - 0.2 * math.cos(angle)))
print("largest difference from 0.2 sin/cos: %.2g" % worst)
sys.exit(0 if worst < 1e-5 else 1)
EOF
# Resumed for one more step (as make-classroom.sh's cool-down is), the run is still one whose
# positions started as sines, and its training.json still says so.
"$GB" train "${small[@]}" --out "$tmp/sine" --steps 2 --lr 1e-9 --resume >/dev/null 2>&1 || bad "--resume of the sine run failed"
grep -q '"step": 2,' "$tmp/sine/training.json" && grep -q '"positions": "sine",' "$tmp/sine/training.json" && ok ||
    bad "resumed sine run: training.json is not at step 2 with positions sine"

# Bad options: a clear message, exit 2, nothing written.
# --tokenizer-data: the tokenizer is trained on another text (the classroom model's comes from the
# corpus without echo games), the weights on --data.
shape=(--layers 1 --heads 2 --width 32 --context 16 --vocab 300 --batch 4 --seed 3 --steps 1 --lr 1e-9)
"$BUILD/corpusgen" --seed 4 --size 1 --echo 16 --out "$tmp/echo.txt" >/dev/null || bad "corpusgen --echo 16"
"$GB" train --data "$tmp/echo.txt" --tokenizer-data "$tmp/c.txt" "${shape[@]}" --out "$tmp/tk" >"$tmp/tk.log" 2>&1 \
    || bad "--tokenizer-data run failed: $(tail -2 "$tmp/tk.log")"
"$GB" train --data "$tmp/c.txt" "${shape[@]}" --out "$tmp/tk-plain" >/dev/null 2>&1 || bad "plain run failed"
"$GB" train --data "$tmp/echo.txt" "${shape[@]}" --out "$tmp/tk-echo" >/dev/null 2>&1 || bad "echo run failed"
cmp -s "$tmp/tk/merges.txt" "$tmp/tk-plain/merges.txt" && cmp -s "$tmp/tk/vocab.json" "$tmp/tk-plain/vocab.json" && ok \
    || bad "--tokenizer-data: the tokenizer is not the one trained on that text"
! cmp -s "$tmp/tk-echo/merges.txt" "$tmp/tk-plain/merges.txt" && ok || bad "the two texts give the same tokenizer: the check above proves nothing"
grep -q "BPE vocabulary on $tmp/c.txt" "$tmp/tk.log" && grep -q "training tokens" "$tmp/tk.log" && ok \
    || bad "--tokenizer-data: the log does not say which text the tokenizer came from"
err=$("$GB" train --data "$tmp/c.txt" --tokenizer-data "$tmp/nothing.txt" "${shape[@]}" --out "$tmp/bad3" 2>&1); rc=$?
[ "$rc" -ne 0 ] && [ "$rc" -lt 128 ] && printf '%s' "$err" | grep -q "^glassbox: .*nothing.txt" && [ ! -e "$tmp/bad3" ] && ok ||
    bad "missing --tokenizer-data file: exit $rc, '$err'"
err=$("$GB" train "${small[@]}" --out "$tmp/bad" --positions cosine 2>&1); rc=$?
[ "$rc" -eq 2 ] && printf '%s' "$err" | grep -q "^glassbox: train: --positions: expected random or sine" && ok ||
    bad "--positions cosine: exit $rc, '$err'"
[ ! -e "$tmp/bad" ] && ok || bad "--positions cosine: created the output folder"
err=$("$GB" train --data "$tmp/missing.txt" --out "$tmp/bad2" 2>&1); rc=$?
[ "$rc" -ne 0 ] && [ "$rc" -lt 128 ] && printf '%s' "$err" | grep -q "^glassbox: .*missing.txt" && ok ||
    bad "missing data file: exit $rc, '$err'"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
