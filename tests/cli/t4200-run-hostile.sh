#!/bin/sh
# Hostile PDFs through lakwerk run, a small fixed subset of the soak
# (tests/soak.sh; `make soak` runs 2,000): 40 mutated sample PDFs in one
# request. The main process never crashes, every document is done or fails
# with its reason, nothing is half-written, every redacted PDF verifies,
# and the documents that were done are released from the same work folder.
. "${LAK_SRCDIR:-.}/tests/cli/lib.sh"

if sh "$LAK_SRCDIR/tests/soak.sh" -n 40 "$TMP/soak" >"$TMP/soak.out" 2>&1; then
	ok
else
	fail "the soak found problems:"
	sed 's/^/  | /' "$TMP/soak.out" >&2
fi
cat "$TMP/soak.out"
expect_grep '^soak: 40 variants .* 0 problems$' "$TMP/soak.out"
done_testing
