#!/bin/sh
# Every command in the command table has a subsection in lakwerk.1, and
# every exit code main() can return is documented.
. "${LAK_SRCDIR:-.}/tests/cli/lib.sh"

man=$LAK_SRCDIR/src/cli/lakwerk.1
"$LAKWERK" --help | sed -n 's/^  \([a-z][a-z-]*\) .*/\1/p' >"$TMP/cmds"
[ -s "$TMP/cmds" ] || fail "no commands in lakwerk --help"
while read -r cmd; do
	if grep -q "^\.Ss $cmd\$" "$man"; then
		ok
	else
		fail "lakwerk.1 has no '.Ss $cmd' section"
	fi
done <"$TMP/cmds"
for code in 0 1 2; do
	expect_grep "^\.It $code\$" "$man"
done
if command -v mandoc >/dev/null; then
	mandoc -T lint -W warning "$man" >"$TMP/lint" 2>&1 || true
	expect_no_grep 'ERROR' "$TMP/lint"
fi
done_testing
