#!/bin/sh
# The review report end to end in a real browser: headless Chromium
# (Debian's chromium) driven by playwright-core (npm) checks the boxes,
# rejects one proposal and changes another's ground with the keyboard and
# exports (tests/browser/review.test.mjs), with a text kept everywhere, a
# word redaction and a box the reviewer added; lakwerk redact then applies
# the export: the rejected and kept texts are in the PDF, the other spans
# and what was under the added boxes are gone, the new ground's label is
# printed. scripts/bootstrap.sh installs what it needs.
# A screenshot of the report is kept in tests/artifacts/ (not committed).
. "${LAK_SRCDIR:-.}/tests/cli/lib.sh"

CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
PW=${PLAYWRIGHT_CORE:-$LAK_SRCDIR/tests/browser/node_modules/playwright-core}
how='run scripts/bootstrap.sh deps (it installs chromium, nodejs and playwright-core)'
[ -x "$CHROMIUM" ] || skip_all "no Chromium at $CHROMIUM: $how"
command -v node >/dev/null || skip_all "no node: $how"
major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
[ "$major" -ge 20 ] || skip_all "node $major is too old for playwright-core (20 or later)"
[ -f "$PW/package.json" ] || skip_all "no playwright-core in $PW: $how"
command -v pdftotext >/dev/null || skip_all "pdftotext (poppler-utils) not found"
export CHROMIUM PLAYWRIGHT_CORE="$PW"

REQ=$TMP/req
D=$REQ/documenten
DOCS="$D/email-dijkversterking.pdf $D/nota-subsidie-dijkversterking.pdf $D/kamerbrief-waterberging.pdf"
expect_exit 0 "$LAKWERK" init "$REQ"
mkdir "$TMP/red" "$TMP/browser" "$TMP/applied"
# shellcheck disable=SC2086
expect_exit 0 "$LAKWERK" redact --rules "$REQ/rules/request.rules" --out "$TMP/red" $DOCS
# shellcheck disable=SC2086
expect_exit 0 "$LAKWERK" review --plan "$TMP/red/email-dijkversterking.plan.csv" \
    --plan "$TMP/red/nota-subsidie-dijkversterking.plan.csv" --out "$TMP/report" $DOCS

if node "$LAK_SRCDIR/tests/browser/review.test.mjs" "$TMP/report" "$TMP/browser" \
    "$TMP/red/email-dijkversterking.plan.csv" \
    "$TMP/red/nota-subsidie-dijkversterking.plan.csv" >"$TMP/node.out" 2>&1; then
	ok
else
	fail "the browser test failed:"
	sed 's/^/  | /' "$TMP/node.out" >&2
fi
cat "$TMP/node.out"
art=${LAK_ARTIFACTS:-$PWD/tests/artifacts}
if mkdir -p "$art" && [ -f "$TMP/browser/review.png" ]; then
	cp "$TMP/browser/review.png" "$art/review-report.png"
	echo "screenshot: $art/review-report.png"
fi

# --- apply the export -------------------------------------------------------
[ -s "$TMP/browser/plan.reviewed.csv" ] || { fail "no export"; done_testing; }
# shellcheck disable=SC2086
expect_exit 0 "$LAKWERK" redact --plan "$TMP/browser/plan.reviewed.csv" --out "$TMP/applied" $DOCS
for f in "$TMP/applied"/*.pdf; do
	pdftotext -q "$f" -
done | tr -s ' \n' '  ' >"$TMP/released.txt"
reject=$(sed -n 's/^reject\t//p' "$TMP/browser/chosen.txt")
change=$(sed -n 's/^change\t//p' "$TMP/browser/chosen.txt")
ground=$(sed -n 's/^ground\t//p' "$TMP/browser/chosen.txt")
[ -n "$reject" ] && [ -n "$change" ] && [ -n "$ground" ] || fail "the browser test chose nothing"
if grep -qF -- "$reject" "$TMP/released.txt"; then ok; else fail "the rejected text '$reject' is not in the released PDFs"; fi
if grep -qF -- "$change" "$TMP/released.txt"; then fail "the re-grounded text '$change' is in the released PDFs"; else ok; fi
if grep -qF -- "[$ground]" "$TMP/released.txt"; then ok; else fail "no label [$ground] in the released PDFs"; fi
gone=0
while IFS="$(printf '\t')" read -r what text; do
	[ "$what" = redacted ] || continue
	if grep -qiF -- "$text" "$TMP/released.txt"; then
		fail "redacted text '$text' is in the released PDFs"
	else
		gone=$((gone + 1))
	fi
done <"$TMP/browser/chosen.txt"
if [ "$gone" -gt 10 ]; then ok; else fail "only $gone redacted texts checked"; fi
# every occurrence of the text kept in the report is in the PDFs
keepall=$(sed -n 's/^keepall\t//p' "$TMP/browser/chosen.txt")
if [ -n "$keepall" ] && grep -qiF -- "$keepall" "$TMP/released.txt"; then ok; else fail "the text kept everywhere ('$keepall') is not in the released PDFs"; fi
# the reviewer's own redactions: what was under each box in the source is
# gone from the released page's text (pdftotext of that area), the label
# is there
n_area=0
while IFS="$(printf '\t')" read -r what name pg box; do
	[ "$what" = area ] || continue
	n_area=$((n_area + 1))
	set -- $box
	x=$(echo "$1" | awk '{ printf "%d", $1 + 1 }'); y=$(echo "$2" | awk '{ printf "%d", $1 + 1 }')
	w=$(echo "$1 $3" | awk '{ printf "%d", $2 - $1 - 2 }'); h=$(echo "$2 $4" | awk '{ printf "%d", $2 - $1 - 2 }')
	src=$(pdftotext -q -r 72 -f "$pg" -l "$pg" -x "$x" -y "$y" -W "$w" -H "$h" "$D/$name" - | tr -d ' \n\f')
	out=$(pdftotext -q -r 72 -f "$pg" -l "$pg" -x "$x" -y "$y" -W "$w" -H "$h" "$TMP/applied/${name%.pdf}.pdf" - | tr -d ' \n\f')
	if [ -n "$src" ] && ! printf '%s' "$out" | grep -qF -- "$src"; then ok; else fail "area $n_area on $name p$pg: '$src' in the source, '$out' in the release"; fi
	# nothing readable is left there but the label (an edge letter of a
	# word beside a free box stays: its middle is outside)
	if printf '%s' "$out" | sed 's/\[5\.1\.2e\]//g' | grep -qE '[[:alnum:]]{2}'; then fail "area $n_area: '$out' is readable there"; else ok; fi
done <"$TMP/browser/chosen.txt"
if [ "$n_area" -eq 2 ]; then ok; else fail "$n_area areas checked, expected 2"; fi
# the applied plan says so too
cat "$TMP/applied"/*.plan.csv >"$TMP/applied.csv"
expect_grep ',text,.*,keep,' "$TMP/applied.csv"
expect_grep ',area,,[0-9]+,,,[0-9]+:[0-9.]+ [0-9.]+ [0-9.]+ [0-9.]+,5\.1\.2e,review,redact,' "$TMP/applied.csv"
done_testing
