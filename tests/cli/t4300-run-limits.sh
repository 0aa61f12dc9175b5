#!/bin/sh
# Hostile structures through lakwerk run, bounded by its limits: a
# decompression bomb (a 400 KB content stream that inflates to 400 MB of
# operators: the CPU-time limit), a 20,000 x 20,000 image (400 MB decoded),
# arrays nested 100,000 deep, a PDF with more pages than --max-pages, and a
# page too large for --max-pixels. Each is done or fails with a clear
# reason; the sample document beside them is done; the run ends within
# the limits, with no release and nothing half-written.
. "${LAK_SRCDIR:-.}/tests/cli/lib.sh"

REQ=$TMP/req
D=$REQ/documenten
export SOURCE_DATE_EPOCH=1786708800
expect_exit 0 "$LAKWERK" init "$REQ"
find "$D" -type f ! -name email-dijkversterking.pdf -delete
for fx in bomb giant-image deep; do
	"$PDFGEN" fixture "$fx" "$D/$fx.pdf" || fail "pdfgen $fx"
done
"$PDFGEN" pages 30 "$D/pages.pdf" || fail "pdfgen pages"
printf '%%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 14400 14400]>>endobj\ntrailer<</Root 1 0 R>>\n%%%%EOF\n' >"$D/huge-page.pdf"
cat >"$REQ/inventaris.csv" <<'CSV'
ID,Document,Datum,Omschrijving,Beoordeling,Beoordelingsgrond,Toelichting,Publieke link
0001,email-dijkversterking.pdf,2026-03-20,E-mailwisseling,deels openbaar,5.1.2e,,
0002,bomb.pdf,2026-03-20,Bom,openbaar,,,
0003,giant-image.pdf,2026-03-20,Reuzenafbeelding,openbaar,,,
0004,deep.pdf,2026-03-20,Diep genest,openbaar,,,
0005,pages.pdf,2026-03-20,Veel pagina's,openbaar,,,
0006,huge-page.pdf,2026-03-20,Reuzenpagina,openbaar,,,
CSV

t0=$(date +%s)
expect_exit 1 "$LAKWERK" run "$REQ" --out "$TMP/rel" -j 2 --max-seconds 3 \
    --max-memory 1024 --max-pages 20 --allow-unreviewed-pages
t1=$(date +%s)
cat "$TMP/err"
LOG=$TMP/rel/audit/run.log
# reason_of ID: the line after ID's line in run.log
reason_of() { awk -F'\t' -v id="$1" '$1 == id { getline r; print r }' "$LOG"; }
expect_grep '^0001	deels openbaar	released$' "$LOG"
reason_of 0002 >"$TMP/r"; expect_grep 'more than 3 s of CPU time \(--max-seconds\)|longer than 16 s' "$TMP/r"
reason_of 0005 >"$TMP/r"; expect_grep 'has 30 pages.*--max-pages' "$TMP/r"
reason_of 0006 >"$TMP/r"; expect_grep 'page 1 is 14400 x 14400 points.*--max-pixels' "$TMP/r"
# the giant image and the deep nesting: done, or failed with a reason
for id in 0003 0004; do
	if grep -Eq "^$id	openbaar	(released|FAILED)\$" "$LOG"; then ok; else fail "$id neither done nor failed: $(grep "^$id" "$LOG")"; fi
	if grep -q "^$id	openbaar	FAILED" "$LOG"; then
		reason_of $id >"$TMP/r"
		expect_grep '.{10,}' "$TMP/r"
	fi
done
expect_no_grep 'not done' "$LOG"
# within the limits: 6 documents on 2 workers, none past 2 x 3 + 10 s
if [ $((t1 - t0)) -le 60 ]; then ok; else fail "the run took $((t1 - t0)) s"; fi
if [ -e "$TMP/rel/WR-2026-0042.zip" ] || [ -e "$TMP/rel/WR-2026-0042" ]; then
	fail "a release although documents failed"
else
	ok
fi
left=$(find "$TMP/rel" -name '*.tmp-*' -o -name '.*.tmp' | head -3)
if [ -z "$left" ]; then ok; else fail "temporary files left: $left"; fi
done_testing
