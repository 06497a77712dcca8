#!/usr/bin/env bash
# test_install.sh — glassbox installed like a desktop application: `make install` into a temporary
# DESTDIR, the installed program run from another folder (it finds its data next to itself, not
# in this repository): --version, --help, every command's --help has an example, generate, a
# headless screenshot and a whole lesson; the launcher passes desktop-file-validate, the man page
# renders with `man -l` without a warning; `make uninstall` leaves no file behind. Also: with no
# data anywhere, the program says every place it looked.
set -u
BUILD=${BUILD:-build}
pass=0 fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
tmp=$(mktemp -d /tmp/glassbox-install-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
# The prefix the program was built for (the default), so installing rebuilds nothing.
dest="$tmp/root" prefix=/usr/local
export SDL_VIDEODRIVER=dummy
unset GLASSBOX_ASSETS GLASSBOX_LESSONS

if make --no-print-directory install BUILD="$BUILD" DESTDIR="$dest" PREFIX="$prefix" >"$tmp/install.log" 2>&1; then ok
else bad "make install: $(tail -3 "$tmp/install.log")"; fi
gb="$dest$prefix/bin/glassbox"
share="$dest$prefix/share/glassbox"
for f in "$gb" "$share/assets/fonts/DejaVuSans.ttf" "$share/assets/models/classroom/model.safetensors" \
         "$share/lessons/04-attention.lesson" "$share/lessons/data/stories.txt" "$share/LICENSE" \
         "$dest$prefix/share/applications/glassbox.desktop" \
         "$dest$prefix/share/icons/hicolor/scalable/apps/glassbox.svg" "$dest$prefix/share/man/man1/glassbox.1"; do
    if [ -s "$f" ]; then ok; else bad "not installed: $f"; fi
done
[ -x "$gb" ] && ok || bad "$gb is not executable"

# Run it from somewhere else, with the repository out of reach.
mkdir -p "$tmp/elsewhere"
cd "$tmp/elsewhere"
v=$("$gb" --version 2>&1) && [[ "$v" =~ ^glassbox\ [0-9]+\.[0-9]+\.[0-9]+$ ]] && ok || bad "--version: '$v'"
help=$("$gb" --help 2>&1)
for c in view lesson generate tokenize trace train bench; do
    printf '%s\n' "$help" | grep -qE "^  $c +[a-z]" && ok || bad "--help does not list $c with a line"
    "$gb" "$c" --help 2>&1 | grep -q "^example: glassbox $c" && ok || bad "$c --help has no example"
done
out=$("$gb" generate --prompt "The Eiffel Tower is located in" --steps 1 --temperature 0 2>&1)
[ "$out" = " Paris" ] && ok || bad "generate with the installed model: '$out'"
if "$gb" view --headless --steps 2 --size 640x360 --screenshot "$tmp/elsewhere/shot.png" 2>"$tmp/view.err" &&
   [ "$(head -c 4 shot.png | od -An -c | tr -d ' ')" = "211PNG" ]; then ok
else bad "headless screenshot from the installed program: $(cat "$tmp/view.err")"; fi
log=$("$gb" lesson "$share/lessons/04-attention.lesson" --headless 2>&1)
[[ "$(printf '%s\n' "$log" | tail -1)" =~ "0 failed" ]] && ok || bad "installed lesson: $(printf '%s\n' "$log" | tail -1)"
# The code view shows ref/'s sources with no source tree around: they are built into the program.
printf '%s\n' "$log" | grep -q "code view: ref/gpt.c attention() lines" && ok ||
    bad "the installed program's code view has no sources: $(printf '%s\n' "$log" | grep 'code view' | head -2)"
cd - >/dev/null

# The launcher and the man page.
if command -v desktop-file-validate >/dev/null; then
    msg=$(desktop-file-validate "$dest$prefix/share/applications/glassbox.desktop" 2>&1)
    [ $? -eq 0 ] && [ -z "$msg" ] && ok || bad "desktop-file-validate: $msg"
    grep -q "^Exec=$prefix/bin/glassbox$" "$dest$prefix/share/applications/glassbox.desktop" && ok ||
        bad "the launcher runs $prefix/bin/glassbox"
else bad "desktop-file-validate is missing (hint: make deps installs desktop-file-utils)"; fi
if command -v man >/dev/null; then
    page=$(MANWIDTH=80 man --warnings -l "$dest$prefix/share/man/man1/glassbox.1" 2>"$tmp/man.err")
    [ -z "$(cat "$tmp/man.err")" ] && printf '%s' "$page" | grep -q "glassbox - a language model you can see through" &&
        ok || bad "man -l: $(cat "$tmp/man.err")"
else bad "man is missing (hint: make deps installs man-db)"; fi

# A copy of the program with no data near it and none in its prefix says where it looked.
mkdir -p "$tmp/bare/bin"
cp "$gb" "$tmp/bare/bin/glassbox"
err=$(cd "$tmp" && "$tmp/bare/bin/glassbox" tokenize "hi" 2>&1); rc=$?
if [ -e "$prefix/share/glassbox/assets/fonts/DejaVuSans.ttf" ]; then
    # glassbox is really installed in the prefix: the copy must find it there.
    [ $rc -eq 0 ] && ok || bad "a copy of the program does not find the data installed in $prefix: $err"
else
    [ $rc -ne 0 ] && [[ "$err" == *"$tmp/bare/bin/../share/glassbox/assets"* ]] &&
        [[ "$err" == *"$prefix/share/glassbox/assets"* ]] && [[ "$err" == glassbox:* ]] &&
        ok || bad "no data: exit $rc, '$err' should list the places it looked"
fi

# Uninstall: nothing left.
if make --no-print-directory uninstall BUILD="$BUILD" DESTDIR="$dest" PREFIX="$prefix" >"$tmp/uninstall.log" 2>&1; then ok
else bad "make uninstall: $(tail -3 "$tmp/uninstall.log")"; fi
left=$(find "$dest" -type f -o -type l | head -5)
[ -z "$left" ] && ok || bad "left behind: $left"
[ ! -e "$share" ] && ok || bad "$share is still there"

echo "test_install: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
