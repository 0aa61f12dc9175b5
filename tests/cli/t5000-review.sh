#!/bin/sh
# lakwerk review: the report's folder and data from real plans; hostile
# text cannot break out of the page's data; the folder is replaced whole
# or not at all; plan CSVs that do not read are refused with their row;
# lakwerk run writes the report and takes the report's exported plan.
# (The report in a browser: t5001-review-browser.sh.)
. "${LAK_SRCDIR:-.}/tests/cli/lib.sh"

REQ=$TMP/req
D=$REQ/documenten
export SOURCE_DATE_EPOCH=1786708800

expect_exit 0 "$LAKWERK" init "$REQ"
mkdir "$TMP/red"
expect_exit 0 "$LAKWERK" redact --rules "$REQ/rules/request.rules" \
    --out "$TMP/red" "$D/email-dijkversterking.pdf" \
    "$D/nota-subsidie-dijkversterking.pdf" "$D/kamerbrief-waterberging.pdf"
P1=$TMP/red/email-dijkversterking.plan.csv
P2=$TMP/red/nota-subsidie-dijkversterking.plan.csv

# --- command line ---------------------------------------------------------
expect_exit 2 "$LAKWERK" review --out "$TMP/r" "$D/email-dijkversterking.pdf"
expect_grep 'give --plan' "$TMP/err"
expect_exit 2 "$LAKWERK" review --plan "$P1" "$D/email-dijkversterking.pdf"
expect_grep 'give --out' "$TMP/err"
expect_exit 2 "$LAKWERK" review --plan "$P1" --out "$TMP/r"
expect_grep 'no input files' "$TMP/err"
expect_exit 2 "$LAKWERK" review --plan "$TMP/none.csv" --out "$TMP/r" \
    "$D/email-dijkversterking.pdf"
expect_grep 'none.csv: no such file' "$TMP/err"
expect_exit 2 "$LAKWERK" review --plan "$P1" --dpi 5000 --out "$TMP/r" \
    "$D/email-dijkversterking.pdf"

# --- a report of three documents --------------------------------------------
R=$TMP/report
expect_exit 0 "$LAKWERK" review --plan "$P1" --plan "$P2" --out "$R" \
    --title 'WR-2026-0042' "$D/email-dijkversterking.pdf" \
    "$D/nota-subsidie-dijkversterking.pdf" "$D/kamerbrief-waterberging.pdf"
expect_grep 'kamerbrief-waterberging.pdf: warning: no proposals' "$TMP/err"
expect_grep "^$R/index.html\$" "$TMP/out"
for f in index.html pages/doc1/p1.png pages/doc2/p1.png; do
	if [ -s "$R/$f" ]; then ok; else fail "no $f in the report"; fi
done
# PNG images; no page image for a document with nothing proposed
for f in "$R"/pages/doc1/p1.png "$R"/pages/doc2/p1.png; do
	if [ "$(head -c 8 "$f" | od -An -c | tr -d ' ')" = '211PNG\r\n032\n' ]; then
		ok
	else
		fail "$f is not a PNG"
	fi
done
# a document without proposals has its page too: a reviewer may add one
if [ -e "$R/pages/doc3/p1.png" ]; then ok; else fail "no page image of a document without proposals"; fi
if [ -e "$R.tmp" ] || [ -e "$R.old" ]; then fail "temporary folders left"; else ok; fi
H=$R/index.html
# self-contained: the style, script and data inline; nothing from a network
expect_grep '<meta http-equiv="Content-Security-Policy" content="default-src .none.; img-src .self. file:; style-src .sha256-[A-Za-z0-9+/=]+.; script-src .sha256-' "$H"
expect_grep '<title>Beoordeling: WR-2026-0042</title>' "$H"
expect_grep '<html lang="nl">' "$H"
expect_no_grep '<script [^>]*src=|<link |@import|url\(' "$H"
expect_grep 'id="lakwerk-data">\{"report":"[0-9a-f]{64}"' "$H"
# the data: every row of both plans, with the matched text (internal)
rows=$(($(wc -l <"$P1") + $(wc -l <"$P2") - 2))
n=$(grep -o '"row":\[' "$H" | wc -l)
if [ "$n" -eq "$rows" ]; then ok; else fail "$n proposals in the data, the plans have $rows rows"; fi
expect_grep '"text":"Bakker-Smit"' "$H"
expect_grep '"rules":"[^"]*request.rules:4"' "$H"
expect_grep '"pages":\[\{"n":1,"w":595.[0-9]+,"h":841.[0-9]+,"pw":794,"ph":1123,"img":"pages/doc1/p1.png","flags":\[\],"words":\[\[[0-9.]+,[0-9.]+,[0-9.]+,[0-9.]+\],' "$H"

# --- pages flagged for manual review come first, marked ----------------------
"$PDFGEN" fixture image-only "$TMP/scan.pdf" || fail "pdfgen image-only"
mkdir "$TMP/sred"
expect_exit 0 "$LAKWERK" redact --allow-unreviewed-pages --rules "$REQ/rules/request.rules" \
    --no-pdf --out "$TMP/sred" "$TMP/scan.pdf"
expect_exit 0 "$LAKWERK" review --plan "$P1" --out "$TMP/srep" "$TMP/scan.pdf" \
    "$D/email-dijkversterking.pdf"
expect_grep '"name":"[^"]*scan.pdf"[^]]*"proposals":\[\],"pages":\[\{"n":1,[^}]*"flags":\["needs-ocr"\],"words":\[' "$TMP/srep/index.html"
if [ -s "$TMP/srep/pages/doc1/p1.png" ]; then ok; else fail "no image of the page that needs OCR"; fi

# --- hostile text stays data ------------------------------------------------
printf 'Gesprek met </script><script>alert(1)</script> & <b>Jansen</b> \342\200\250 over de dijk.\n' >"$TMP/hostile.txt"
printf '5.1.2e term "Jansen"\n5.1.2e regex /alert/\n' >"$TMP/h.rules"
mkdir "$TMP/hred"
expect_exit 0 "$LAKWERK" redact --rules "$TMP/h.rules" --no-pdf --out "$TMP/hred" "$TMP/hostile.txt"
expect_exit 0 "$LAKWERK" review --plan "$TMP/hred/hostile.plan.csv" \
    --out "$TMP/hrep" "$TMP/hostile.txt"
n=$(grep -o '</script>' "$TMP/hrep/index.html" | wc -l)
if [ "$n" -eq 2 ]; then ok; else fail "$n '</script>' in the page (2 expected: the data's and the script's own)"; fi
expect_no_grep '<script>alert|<b>Jansen' "$TMP/hrep/index.html"
expect_grep '\\u003c/script\\u003e\\u003cscript\\u003e' "$TMP/hrep/index.html"

# --- the folder: replaced whole, or left alone ------------------------------
expect_exit 0 "$LAKWERK" review --plan "$P1" --out "$R" "$D/email-dijkversterking.pdf"
if [ -e "$R/pages/doc2" ]; then fail "the earlier report's pages are still there"; else ok; fi
mkdir "$TMP/mine"
echo precious >"$TMP/mine/notes.txt"
expect_exit 1 "$LAKWERK" review --plan "$P1" --out "$TMP/mine" "$D/email-dijkversterking.pdf"
expect_grep 'exists and is not a lakwerk review report' "$TMP/err"
expect_grep '^precious$' "$TMP/mine/notes.txt"
# a document that cannot be read: no report, the earlier one untouched
cp "$H" "$TMP/before.html"
head -c 3000 "$D/nota-subsidie-dijkversterking.pdf" >"$TMP/cut.pdf"
expect_exit 1 "$LAKWERK" review --plan "$P1" --out "$R" "$D/email-dijkversterking.pdf" "$TMP/cut.pdf"
expect_grep 'cut.pdf: ' "$TMP/err"
expect_grep 'no report written' "$TMP/err"
expect_same "$TMP/before.html" "$H"
if [ -e "$R.tmp" ]; then fail "a failed report left $R.tmp"; else ok; fi

# --- plans that do not read: the row and what is wrong -----------------------
bad() {	# bad SED-EXPRESSION MESSAGE-REGEX
	sed "$1" "$P1" >"$TMP/bad.csv"
	expect_exit 1 "$LAKWERK" review --plan "$TMP/bad.csv" --out "$TMP/b" \
	    "$D/email-dijkversterking.pdf"
	expect_grep "$2" "$TMP/err"
	if [ -e "$TMP/b" ]; then fail "a report from a bad plan"; else ok; fi
}
bad '3s/,redact,/,maybe,/' 'bad.csv:row 3: decision: expected redact or keep'
bad '4s/,5.1.2e,/,9.9.9,/' "bad.csv:row 4: grounds: unknown ground '9.9.9'"
bad '2s/,text,/,word,/' 'bad.csv:row 2: kind: expected text'
bad '5s/,1,\([0-9]*\),\([0-9]*\),/,1,\2,\1,/' 'bad.csv:row 5: start, end'
bad '2s/,1,/,7,/' 'bad.csv:row 2: page: expected 1 to 1'
bad '3s/"/XX/' 'bad.csv:row 3: malformed CSV'
bad '1s/decision/decisie/' "bad.csv:row 1: no column 'decision'"

# --- lakwerk run writes the report; takes its export --------------------------
OUT=$TMP/rel
expect_exit 0 "$LAKWERK" run "$REQ" --out "$OUT" -j 2 -q
expect_grep '"title":"WR-2026-0042 \\u2014 |"title":"WR-2026-0042 — ' "$OUT/review/index.html"
n=$(grep -o '"sha256":"[0-9a-f]*","format"' "$OUT/review/index.html" | wc -l)
if [ "$n" -eq 9 ]; then ok; else fail "$n documents in the run's report, expected 9"; fi
if ls "$OUT"/review/pages/0001/p1.png >/dev/null 2>&1; then ok; else fail "no page images in the run's report"; fi
cp "$OUT/WR-2026-0042.zip" "$TMP/first.zip"
# the export of an unchanged review: every plan's rows, and a 'reviewed'
# row for each document with nothing proposed (as review.js writes it)
{
	head -n 1 "$OUT/audit/0001.plan.csv"
	for p in "$OUT"/audit/*.plan.csv; do
		if [ "$(wc -l <"$p")" -gt 1 ]; then
			tail -n +2 "$p"
		else
			id=$(basename "$p" .plan.csv)
			f=$(grep "^$id," "$REQ/inventaris.csv" | cut -d, -f2)
			sum=$(sha256sum "$D/$f" | cut -d' ' -f1)
			printf ',%s,%s,document,,,,,,,review,keep,reviewed: nothing proposed\r\n' "$f" "$sum"
		fi
	done
} >"$TMP/export.csv"
expect_exit 0 "$LAKWERK" run "$REQ" --plan "$TMP/export.csv" --out "$TMP/out2" -q
expect_same "$TMP/first.zip" "$TMP/out2/WR-2026-0042.zip"
# a document without rows in the file is refused before any work
grep -v ',review,keep,' "$TMP/export.csv" >"$TMP/partial.csv"
expect_exit 2 "$LAKWERK" run "$REQ" --plan "$TMP/partial.csv" --out "$TMP/out3" -q
expect_grep 'partial.csv: no rows for document 000[34] .*needs every document' "$TMP/err"
# --no-review: no report
expect_exit 0 "$LAKWERK" run "$REQ" --no-review --out "$TMP/out4" -q
if [ -e "$TMP/out4/review" ]; then fail "--no-review wrote a report"; else ok; fi
# then with the report: the documents are redone for their review data
expect_exit 0 "$LAKWERK" run "$REQ" --out "$TMP/out4"
expect_grep '\(0 reused' "$TMP/err"
n=$(grep -o '"sha256":"[0-9a-f]*","format"' "$TMP/out4/review/index.html" | wc -l)
if [ "$n" -eq 9 ]; then ok; else fail "$n documents in the report after --no-review, expected 9"; fi

# --- two reviewers compared -----------------------------------------------------
# B keeps the first passage of 0001, changes another's ground and adds a
# box; A is the export as it is
awk 'BEGIN { FS = OFS = "," } NR == 2 { $12 = "keep" } NR == 3 { $10 = "5.1.2i" } { print }' \
    "$TMP/export.csv" >"$TMP/b.csv"
sum=$(sha256sum "$D/nota-subsidie-dijkversterking.pdf" | cut -d' ' -f1)
printf ',nota,%s,area,,1,,,1:10.0 10.0 50.0 30.0,5.1.2e,review,redact,vak\r\n' "$sum" >>"$TMP/b.csv"
expect_exit 1 "$LAKWERK" review --compare "$TMP/export.csv" "$TMP/b.csv"
expect_grep ': page 1, text [0-9]+-[0-9]+: A redact [^,]*, B keep \(' "$TMP/out"
expect_grep ': page 1, text [0-9]+-[0-9]+: A redact [^,]*, B redact 5\.1\.2i \(' "$TMP/out"
expect_grep '^nota: area 1:10\.0 10\.0 50\.0 30\.0: A -, B redact 5\.1\.2e \(vak\)$' "$TMP/out"
expect_grep ': 3 decided differently or in one of them only$' "$TMP/out"
expect_exit 0 "$LAKWERK" review --compare "$TMP/export.csv" "$TMP/export.csv"
expect_grep ': 0 decided differently' "$TMP/out"
printf 'a,b\n1,2\n' >"$TMP/notaplan.csv"
expect_exit 2 "$LAKWERK" review --compare "$TMP/export.csv" "$TMP/notaplan.csv"
expect_grep "notaplan.csv:row 1: no column 'document'" "$TMP/err"

done_testing
