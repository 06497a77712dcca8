#!/usr/bin/env bash
# test_cli.sh — the terminal commands as a user runs them: help, determinism, JSON output, and
# bad input. Every bad input must print "glassbox: <file>: <reason>" on stderr, exit non-zero,
# and leave no output file behind.
set -u
BUILD=${BUILD:-build}
GB="$BUILD/glassbox"
MK="$BUILD/tools/mkmodel"
pass=0 fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
tmp=$(mktemp -d /tmp/glassbox-cli-XXXXXX)
trap 'rm -rf "$tmp"' EXIT

"$MK" --out "$tmp/m" --layers 2 --heads 3 --embd 24 --ctx 16 --vocab 300 --seed 3 || bad "mkmodel"

# expect_error NAME FILE_PATTERN REASON_PATTERN CMD...: non-zero exit, a glassbox: line naming the
# file with the reason, and no trace file.
expect_error() {
    local name=$1 file=$2 reason=$3; shift 3
    rm -f "$tmp/out.json"
    local err rc
    err=$("$@" 2>&1 >/dev/null); rc=$?
    if [ "$rc" -eq 0 ]; then bad "$name: exit 0"; return; fi
    if [ "$rc" -ge 128 ]; then bad "$name: crashed (exit $rc): $err"; return; fi
    if ! printf '%s\n' "$err" | grep -qE "^glassbox: .*$file.*$reason"; then
        bad "$name: message '$err' lacks 'glassbox: ...$file...$reason'"; return; fi
    if ls "$tmp"/out.json* >/dev/null 2>&1; then bad "$name: left an output file"; return; fi
    ok
}

# --help everywhere, with an example.
for c in generate tokenize trace bench; do
    out=$("$GB" "$c" --help) && printf '%s' "$out" | grep -q "example:" && ok || bad "$c --help"
done
"$GB" --help | grep -q generate && ok || bad "glassbox --help"
"$GB" --version | grep -qE '^glassbox [0-9]' && ok || bad "--version"
expect_error "unknown command" "" "unknown command" "$GB" frobnicate
expect_error "unknown option" "generate" "unknown option" "$GB" generate --model "$tmp/m" --prompt hi --bogus 1
expect_error "prefix of an option" "generate" "unknown option" "$GB" generate --model "$tmp/m" --prompt hi --p 1
expect_error "bad number" "--steps" "whole number" "$GB" generate --model "$tmp/m" --prompt hi --steps many
expect_error "bad top-p" "--top-p" "" "$GB" generate --model "$tmp/m" --prompt hi --top-p 0

# Determinism through the CLI.
a=$("$GB" generate --model "$tmp/m" --prompt "The cat sat" --steps 8 --seed 5 --json)
b=$("$GB" generate --model "$tmp/m" --prompt "The cat sat" --steps 8 --seed 5 --json)
[ -n "$a" ] && [ "$a" = "$b" ] && ok || bad "same seed, same output"
[ "$(printf '%s\n' "$a" | wc -l)" -eq 8 ] && ok || bad "one JSON line per token"
/usr/bin/python3 - "$a" <<'PY' && ok || bad "generate --json schema"
import json, sys
for line in sys.argv[1].splitlines():
    o = json.loads(line)
    assert set(o) == {"step", "id", "text", "p", "top"}, o.keys()
    assert len(o["top"]) == 10 and all(len(t) == 3 for t in o["top"])
    ps = [t[2] for t in o["top"]]
    assert ps == sorted(ps, reverse=True)
    assert o["p"] > 0
PY
"$MK" --out "$tmp/w" --layers 2 --heads 4 --embd 200 --ctx 32 --vocab 300 --seed 4 || bad "mkmodel wide"
t1=$(OMP_NUM_THREADS=1 "$GB" generate --model "$tmp/w" --prompt "The cat sat" --steps 8 --seed 5 --json)
t3=$(OMP_NUM_THREADS=3 "$GB" generate --model "$tmp/w" --prompt "The cat sat" --steps 8 --seed 5 --json)
[ -n "$t1" ] && [ "$t1" = "$t3" ] && ok || bad "1 and 3 threads give identical probabilities and tokens"
g1=$("$GB" generate --model "$tmp/m" --prompt "The cat sat" --steps 6 --temperature 0 --seed 1)
g2=$("$GB" generate --model "$tmp/m" --prompt "The cat sat" --steps 6 --temperature 0 --seed 2)
[ "$g1" = "$g2" ] && ok || bad "temperature 0 ignores the seed"
t=$("$GB" tokenize --model "$tmp/m" "The cat sat on the mat." --json)
printf '%s' "$t" | /usr/bin/python3 -c '
import json, sys
o = json.load(sys.stdin)
s = "The cat sat on the mat."
toks = o["tokens"]
assert "".join(x["text"] for x in toks) == s
assert toks[0]["start"] == 0 and toks[-1]["end"] == len(s)
assert all(a["end"] == b["start"] for a, b in zip(toks, toks[1:]))
' && ok || bad "tokenize --json spans"
"$GB" trace --model "$tmp/m" --prompt "The cat" --steps 3 --out "$tmp/t.json" && [ -s "$tmp/t.json" ] && ok || bad "trace writes a file"
ls "$tmp"/t.json.tmp >/dev/null 2>&1 && bad "trace left a temporary file" || ok

# Bad model folders, each a copy of the good one with one thing broken.
broken() { rm -rf "$tmp/b"; cp -r "$tmp/m" "$tmp/b"; }
trace_b() { "$GB" trace --model "$tmp/b" --prompt "The cat" --steps 2 --out "$tmp/out.json"; }

broken; rm "$tmp/b/model.safetensors"
expect_error "missing safetensors" "model.safetensors" "cannot open" trace_b
broken; rm "$tmp/b/vocab.json"
expect_error "missing vocab.json" "vocab.json" "" trace_b
broken; rm "$tmp/b/merges.txt"
expect_error "missing merges.txt" "merges.txt" "" trace_b
broken; rm "$tmp/b/config.json"
expect_error "missing config.json" "config.json" "cannot open" trace_b
expect_error "missing folder" "nowhere" "" "$GB" generate --model "$tmp/nowhere" --prompt hi
broken; head -c 1000 "$tmp/m/model.safetensors" > "$tmp/b/model.safetensors"
expect_error "truncated safetensors" "model.safetensors" "truncated" trace_b
broken; printf '\xff\xff\xff\x7f\x00\x00\x00\x00{}' > "$tmp/b/model.safetensors"
expect_error "header length lies" "model.safetensors" "header length" trace_b
broken; printf '{"n_layer": 2, "n_head": 3' > "$tmp/b/config.json"
expect_error "malformed config.json" "config.json" "invalid JSON" trace_b
broken; sed -i 's/"n_embd": 24/"n_embd": 30/' "$tmp/b/config.json"
expect_error "shape disagrees with config" "model.safetensors" "shape" trace_b
broken; sed -i 's/"n_head": 3/"n_head": 5/' "$tmp/b/config.json"
expect_error "heads do not divide width" "config.json" "divisible" trace_b
broken; printf '{"a": 0, "b": ' > "$tmp/b/vocab.json"
expect_error "malformed vocab.json" "vocab.json" "" trace_b
broken; printf '#version: 0.2\nqqq zzz\n' > "$tmp/b/merges.txt"
expect_error "merges naming unknown tokens" "merges.txt" "" trace_b
broken; sed -i 's/"vocab_size": 300/"vocab_size": 100/' "$tmp/b/config.json"
expect_error "vocab larger than the model" "model.safetensors" "shape" trace_b
# A header whose offsets run past the data, built from the real header.
broken; /usr/bin/python3 - "$tmp/b/model.safetensors" <<'PY'
import json, struct, sys
p = sys.argv[1]
raw = open(p, "rb").read()
n = struct.unpack("<Q", raw[:8])[0]
h = json.loads(raw[8:8 + n])
k = next(k for k in h if k != "__metadata__")
h[k]["data_offsets"] = [h[k]["data_offsets"][0] + 10**9, h[k]["data_offsets"][1] + 10**9]
hb = json.dumps(h).encode()
open(p, "wb").write(struct.pack("<Q", len(hb)) + hb + raw[8 + n:])
PY
expect_error "offsets out of range" "model.safetensors" "outside the file" trace_b
broken; /usr/bin/python3 - "$tmp/b/model.safetensors" <<'PY'
import json, struct, sys
p = sys.argv[1]
raw = open(p, "rb").read()
n = struct.unpack("<Q", raw[:8])[0]
h = json.loads(raw[8:8 + n])
ks = [k for k in h if k != "__metadata__" and h[k]["data_offsets"][1] - h[k]["data_offsets"][0] >= 16]
a, b = ks[0], ks[1]
# make b start 8 bytes before a ends, keeping its length (so it overlaps a)
la = h[b]["data_offsets"][1] - h[b]["data_offsets"][0]
start = h[a]["data_offsets"][1] - 8
h[b]["data_offsets"] = [start, start + la]
hb = json.dumps(h).encode()
open(p, "wb").write(struct.pack("<Q", len(hb)) + hb + raw[8 + n:])
PY
expect_error "overlapping offsets" "model.safetensors" "overlap" trace_b
broken; /usr/bin/python3 - "$tmp/b/model.safetensors" <<'PY'
import json, struct, sys
p = sys.argv[1]
raw = open(p, "rb").read()
n = struct.unpack("<Q", raw[:8])[0]
h = json.loads(raw[8:8 + n])
h["wpe.weight"]["dtype"] = "I32"
hb = json.dumps(h).encode()
open(p, "wb").write(struct.pack("<Q", len(hb)) + hb + raw[8 + n:])
PY
expect_error "dtype disagrees" "model.safetensors" "dtype I32" trace_b

long=$(printf 'word %.0s' $(seq 1 40))
expect_error "prompt longer than the context" "--prompt" "context window" \
    "$GB" trace --model "$tmp/m" --prompt "$long" --steps 1 --out "$tmp/out.json"
expect_error "unwritable output" "out.json" "cannot write" \
    "$GB" trace --model "$tmp/m" --prompt "hi" --steps 1 --out "$tmp/no/such/dir/out.json"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
