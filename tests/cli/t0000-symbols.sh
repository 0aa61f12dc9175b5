#!/bin/sh
# Every global symbol liblakwerk defines starts with lak_ (the library's
# namespace; jq's export regex, as a test).
. "${LAK_SRCDIR:-.}/tests/cli/lib.sh"

command -v nm >/dev/null || skip_all "nm not found"
nm -g --defined-only "$LAK_LIB" | awk 'NF == 3 && $2 ~ /^[TDBRCVW]$/ { print $3 }' \
    | sort -u >"$TMP/syms"
[ -s "$TMP/syms" ] || fail "no symbols found in $LAK_LIB"
# (symbols a sanitizer build adds for our globals are the compiler's)
grep -v -e '^lak_' -e '^__odr_asan\.lak_' -e '^__asan' -e '^__ubsan' \
    "$TMP/syms" >"$TMP/bad"
if [ -s "$TMP/bad" ]; then
	fail "globals without the lak_ prefix:"
	sed 's/^/  /' "$TMP/bad" >&2
else
	ok
fi
done_testing
