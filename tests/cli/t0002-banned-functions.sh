#!/bin/sh
# No unbounded string functions in src/ (git's banned.h, curl's checksrc).
. "${LAK_SRCDIR:-.}/tests/cli/lib.sh"

# grep -n output without comment lines
no_comments() {
	grep -vE '^[^:]*:[0-9]+:[[:space:]]*(/?\*|//)'
}

grep -rnwE 'strcpy|strcat|sprintf|vsprintf|strtok|gets|atoi|atol' \
    --include='*.c' --include='*.h' "$LAK_SRCDIR/src" | no_comments >"$TMP/hits"
if [ -s "$TMP/hits" ]; then
	fail "banned functions used:"
	sed 's/^/  /' "$TMP/hits" >&2
else
	ok
fi
# The library never prints or exits.
grep -rnwE 'printf|fprintf|puts|fputs|perror|exit|abort|assert' \
    --include='*.c' "$LAK_SRCDIR/src/lib" | no_comments |
    grep -v 'format(printf' >"$TMP/hits"
if [ -s "$TMP/hits" ]; then
	fail "src/lib prints or exits:"
	sed 's/^/  /' "$TMP/hits" >&2
else
	ok
fi
# Dependency headers stay inside src/lib/*.c.
grep -nE '#include <(poppler|glib|cairo|libxml|pcre2|zlib|png|tesseract|leptonica)' \
    "$LAK_SRCDIR"/src/lib/*/*.h "$LAK_SRCDIR"/src/cli/* >"$TMP/hits"
if [ -s "$TMP/hits" ]; then
	fail "dependency headers outside src/lib/*.c:"
	sed 's/^/  /' "$TMP/hits" >&2
else
	ok
fi
done_testing
