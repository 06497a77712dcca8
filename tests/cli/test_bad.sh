#!/usr/bin/env bash
# test_bad.sh — the catalogue of bad inputs (tests/bad/catalogue.tsv, written by
# tests/bad/make_catalogue.py): every case gives "glassbox: <file>...: <reason>" containing the
# catalogue's text, exits with 1 or 2 (never a signal), and leaves the model folder as it was.
set -u
BUILD=${BUILD:-build}
GB="$BUILD/glassbox"
pass=0 fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
tmp=$(mktemp -d /tmp/glassbox-bad-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
export SDL_VIDEODRIVER=dummy
n=0
while IFS=$'\t' read -r name kind want; do
    case "$name" in ''|'#'*) continue ;; esac
    n=$((n + 1))
    dir="$tmp/$name"
    rm -rf "$dir"
    cp -r tests/bad/base "$dir"
    case "$kind" in
        model)    cp tests/bad/cases/"$name"/* "$dir"/
                  before=$(ls -la "$dir" | md5sum)
                  "$GB" generate --model "$dir" --prompt "The" --steps 1 >/dev/null 2>"$tmp/err" ;;
        tokenize) cp tests/bad/cases/"$name"/* "$dir"/
                  before=$(ls -la "$dir" | md5sum)
                  "$GB" tokenize --model "$dir" "The cat" >/dev/null 2>"$tmp/err" ;;
        lesson)   cp tests/bad/cases/"$name"/lesson.lesson "$tmp/lesson.lesson"
                  before=$(ls -la "$dir" | md5sum)
                  "$GB" lesson "$tmp/lesson.lesson" --model "$dir" --headless >/dev/null 2>"$tmp/err" ;;
        *)        bad "$name: unknown kind '$kind'"; continue ;;
    esac
    rc=$?
    msg=$(head -c 600 "$tmp/err")
    if [ $rc -ge 1 ] && [ $rc -lt 128 ] && grep -q '^glassbox: ' "$tmp/err" && grep -qF -- "$want" "$tmp/err"; then ok
    else bad "$name: exit $rc, want '$want', got: $msg"; fi
    [ "$(ls -la "$dir" | md5sum)" = "$before" ] && ok || bad "$name: the model folder changed"
done < tests/bad/catalogue.tsv
[ "$n" -ge 30 ] && ok || bad "the catalogue has $n cases, at least 30 expected"
echo "test_bad: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
