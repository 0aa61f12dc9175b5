#!/bin/sh
# The normalised text and structure of known inputs (golden files), and
# the XML of several inputs as one well-formed document.
. "${LAK_SRCDIR:-.}/tests/cli/lib.sh"

D=$LAK_TESTDATA/ingest
for f in letter cp1252 formfeed utf16le; do
	expect_exit 0 "$LAKWERK" extract "$D/$f.txt" &&
	    expect_same "$D/$f.expected" "$TMP/out"
done

# The real decision letter: the colofon pairs up, the kind is found.
"$LAKWERK" extract --format xml "$D/woo_besluit_landsadvocaat_stikstof.pdf" \
    "$D/letter.txt" "$TMP/missing.pdf" >"$TMP/x.xml" 2>"$TMP/err"
[ $? -eq 1 ] && ok || fail "expected exit 1 with a missing file"
if command -v xmllint >/dev/null; then
	xmllint --noout "$TMP/x.xml" && ok || fail "XML not well-formed"
fi
expect_grep '<field name="datum" page="1">9 december 2025</field>' "$TMP/x.xml"
expect_grep '<field name="ons-kenmerk" page="1">IENW/BSK-2025/293508</field>' "$TMP/x.xml"
expect_grep '<kind name="besluit">' "$TMP/x.xml"
expect_grep '<error source=".*missing.pdf">no such file' "$TMP/x.xml"
expect_grep '<title>Besluit op Woo-verzoek advies Landsadvocaat over stikstof</title>' "$TMP/x.xml"

# Every word pdftotext finds on the decision is in lakwerk's text too
# (modulo line-end hyphenation, which lakwerk joins).
if command -v pdftotext >/dev/null; then
	pdftotext "$D/woo_besluit_landsadvocaat_stikstof.pdf" - |
	    tr -s ' \n\f' '\n\n\n' | grep -v -- '-$' | sort -u >"$TMP/p.words"
	"$LAKWERK" extract "$D/woo_besluit_landsadvocaat_stikstof.pdf" |
	    tr -s ' \n\f' '\n\n\n' | sort -u >"$TMP/l.words"
	comm -23 "$TMP/p.words" "$TMP/l.words" >"$TMP/missing.words"
	n=$(wc -l <"$TMP/missing.words")
	total=$(wc -l <"$TMP/p.words")
	# words split at a line-end hyphen come out joined: allow those only
	[ "$n" -le 5 ] && ok || { fail "$n of $total pdftotext words missing"; head "$TMP/missing.words" >&2; }
fi
done_testing
