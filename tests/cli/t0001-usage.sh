#!/bin/sh
# Global options, help, and usage errors (exit 2, one clear message).
. "${LAK_SRCDIR:-.}/tests/cli/lib.sh"

expect_exit 0 "$LAKWERK" --help && expect_grep '^usage: lakwerk' "$TMP/out"
expect_grep '^  extract ' "$TMP/out"
expect_exit 0 "$LAKWERK" --version && expect_grep '^lakwerk [0-9]+\.[0-9]+' "$TMP/out"
expect_exit 0 "$LAKWERK" help extract && expect_grep '^usage: lakwerk extract ' "$TMP/out"
expect_grep '[-]-password' "$TMP/out"
expect_exit 0 "$LAKWERK" extract --help && expect_grep '^usage: lakwerk extract' "$TMP/out"

expect_exit 2 "$LAKWERK"
expect_exit 2 "$LAKWERK" frobnicate && expect_grep "unknown command 'frobnicate'" "$TMP/err"
expect_exit 2 "$LAKWERK" --frob && expect_grep "unknown option" "$TMP/err"
expect_exit 2 "$LAKWERK" help frobnicate
expect_exit 2 "$LAKWERK" extract && expect_grep "^lakwerk: extract: no input files" "$TMP/err"
expect_exit 2 "$LAKWERK" extract --format pdf x && expect_grep "unknown format 'pdf'" "$TMP/err"
expect_exit 2 "$LAKWERK" extract --probe-dpi -3 x && expect_grep "probe-dpi" "$TMP/err"
expect_exit 2 "$LAKWERK" extract --max-pages 0 x
expect_exit 2 "$LAKWERK" extract --boxes x && expect_grep "needs --format xml" "$TMP/err"
expect_exit 2 "$LAKWERK" extract --password && expect_grep "needs an argument" "$TMP/err"
expect_exit 2 "$LAKWERK" extract --nope x && expect_grep "unknown option '--nope'" "$TMP/err"

# A full standard output is an error, not silent success.
if [ -w /dev/full ]; then
	"$LAKWERK" --help >/dev/full 2>"$TMP/err"
	[ $? -eq 1 ] && ok || fail "--help to /dev/full did not fail"
	"$LAKWERK" extract "$LAK_TESTDATA/ingest/letter.txt" >/dev/full 2>"$TMP/err"
	[ $? -eq 1 ] && ok || fail "extract to /dev/full did not fail"
fi
# a mistyped command: the nearest one named, exit 2
expect_exit 2 "$LAKWERK" runn
expect_grep "^lakwerk: unknown command 'runn'; did you mean 'run'\?$" "$TMP/err"
expect_exit 2 "$LAKWERK" verfiy
expect_grep "did you mean 'verify'" "$TMP/err"
expect_exit 2 "$LAKWERK" frobnicate
expect_no_grep 'did you mean' "$TMP/err"
done_testing
