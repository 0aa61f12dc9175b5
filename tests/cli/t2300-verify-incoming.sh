#!/bin/sh
# lakwerk verify --incoming finds fake redactions in documents that arrive
# already "blacked out": the text is still in the file but does not show.
# Each fixture (pdfgen incoming NAME) hides "Naam: Jansen, telefoon
# 06-12345678": under a speckled picture, under a flat grey picture, under
# a white fill, inside a clip that shows none of it, and below a Redact
# annotation that was never applied (with and without an appearance).
# Documents without such tricks stay clean (the samples, a real Woo
# decision).
. "${LAK_SRCDIR:-.}/tests/cli/lib.sh"

for fx in under-image under-flat-image white-out clipped; do
	"$PDFGEN" incoming "$fx" "$TMP/$fx.pdf" || fail "pdfgen incoming $fx"
	expect_exit 3 "$LAKWERK" verify --incoming "$TMP/$fx.pdf" &&
	    expect_grep 'page 1: text: text under .*"[^"]*06-12345678"' "$TMP/out"
done
for fx in redact-annot redact-annot-ap; do
	"$PDFGEN" incoming "$fx" "$TMP/$fx.pdf" || fail "pdfgen incoming $fx"
	expect_exit 3 "$LAKWERK" verify --incoming "$TMP/$fx.pdf" &&
	    expect_grep 'a Redact annotation that was never applied' "$TMP/out"
	# and nothing on standard error: poppler's own warnings are not ours
	[ -s "$TMP/err" ] && fail "$fx: something on stderr: $(head -c 200 "$TMP/err")" || ok
done
for f in "$LAK_SRCDIR"/samples/*.pdf "$LAK_TESTDATA"/ingest/woo_besluit_landsadvocaat_stikstof.pdf; do
	[ -f "$f" ] || continue
	expect_exit 0 "$LAKWERK" verify --incoming "$f"
done
done_testing
