#!/bin/sh
# lakwerk run on the sample request: a complete release that lakwerk verify
# and independent tools accept, byte-identical on a second run; resume
# after a worker or the whole run is killed; a crashing and a hanging
# worker fail their document only; bad requests are refused with the file
# and row. (The sample request is what lakwerk init makes from samples/.)
. "${LAK_SRCDIR:-.}/tests/cli/lib.sh"

REQ=$TMP/req
OUT=$TMP/release
REL=$OUT/WR-2026-0042
SECRETS='111222333|NL91 ?ABNA|kustwacht-zeeland\.nl|Bakker-Smit|Ouahabi|de Wit-Verhoeven'
export SOURCE_DATE_EPOCH=1786708800

# wait_for FILE: until it exists (30 s at most)
wait_for() {
	i=0
	while [ ! -e "$1" ] && [ $i -lt 300 ]; do
		sleep 0.1
		i=$((i + 1))
	done
}

expect_exit 0 "$LAKWERK" init "$REQ"
expect_exit 2 "$LAKWERK" init "$REQ"
expect_grep 'exists and is not empty' "$TMP/err"
expect_exit 0 "$LAKWERK" init "$TMP/new/parents/req"	# folders above made
if [ -s "$TMP/new/parents/req/request.txt" ]; then ok; else fail "init under new folders"; fi

# --- the full run ---------------------------------------------------------
expect_exit 0 "$LAKWERK" run "$REQ" --out "$OUT" -j 2
expect_grep '11 documents in the inventory, 9 to release \(0 reused' "$TMP/err"
for f in besluit.pdf inventarislijst.csv inventarislijst.pdf \
    productierapport.xlsx manifest.xml documenten/0001.pdf \
    documenten/0005.pdf metadata/0001.xml metadata/besluit.xml \
    documenten/0008.pdf documenten/0008-1.pdf documenten/0008-2.pdf \
    documenten/0009.pdf metadata/0008-2.xml \
    metadata/inventarislijst.xml; do
	if [ -s "$REL/$f" ]; then ok; else fail "no $f in the release"; fi
done
# withheld and already-public documents have no file in the release
for f in documenten/0006.pdf documenten/0007.pdf metadata/0006.xml; do
	if [ -e "$REL/$f" ]; then fail "$f must not be released"; else ok; fi
done
# the archive
expect_exit 0 unzip -t "$OUT/WR-2026-0042.zip"
expect_exit 0 unzip -Z1 "$OUT/WR-2026-0042.zip"
expect_lines 25 "$TMP/out"
expect_no_grep '^[^W]' "$TMP/out"	# everything under WR-2026-0042/
# the manifest's checksums, by sha256sum
sed -n 's/.*<file name="\([^"]*\)".*sha256="\([0-9a-f]*\)".*/\2  \1/p' \
    "$REL/manifest.xml" >"$TMP/sums"
expect_lines 24 "$TMP/sums"
(cd "$REL" && sha256sum -c --quiet "$TMP/sums") >"$TMP/sumcheck" 2>&1 &&
    ok || { fail "sha256sum -c"; cat "$TMP/sumcheck" >&2; }
# the schemas, by xmllint
if command -v xmllint >/dev/null; then
	expect_exit 0 xmllint --noout --schema \
	    "$LAK_SRCDIR/schemas/lakwerk-manifest-1.xsd" "$REL/manifest.xml"
	expect_exit 0 env XML_CATALOG_FILES="$LAK_SRCDIR/schemas/diwoo/catalog.xml" \
	    xmllint --nonet --noout --schema \
	    "$LAK_SRCDIR/schemas/diwoo/diwoo-metadata.xsd" "$REL"/metadata/*.xml
else
	fail "xmllint is not installed (libxml2-utils)"
fi
# lakwerk verify, of the folder and of the archive, with the request's rules
expect_exit 0 "$LAKWERK" verify --rules "$REQ/rules/request.rules" \
    --rules "$REQ/rules/woo-default.rules" "$REL" "$OUT/WR-2026-0042.zip"
# with the request's key: the rules given are the ones the release was made with
expect_exit 0 "$LAKWERK" verify --key "$REQ/audit.key" --rules "$REQ/rules/request.rules" \
    --rules "$REQ/rules/woo-default.rules" "$OUT/WR-2026-0042.zip"
cp -r "$REQ/rules" "$TMP/rules2"
printf 'Nog Iemand\n' >>"$TMP/rules2/names.txt"
expect_exit 3 "$LAKWERK" verify --key "$REQ/audit.key" --rules "$TMP/rules2/request.rules" \
    "$OUT/WR-2026-0042.zip"
expect_grep 'rules: .*/rules2/names.txt is not the file the release was made with' "$TMP/out"
# the built-in defaults the run used need not be given (lakwerk init copies
# them into every request)
expect_no_grep 'woo-default.rules' "$TMP/out"
expect_exit 0 "$LAKWERK" verify --key "$REQ/audit.key" --rules "$REQ/rules/request.rules" \
    "$OUT/WR-2026-0042.zip"
expect_exit 2 "$LAKWERK" verify --key "$REQ/audit.key" "$OUT/WR-2026-0042.zip"
# the manifest's digests are keyed: not the plain SHA-256 of the terms file
sha=$(sha256sum "$REQ/rules/names.txt" | cut -d' ' -f1)
expect_no_grep "$sha" "$REL/manifest.xml"
# the content: per-ground counts in the decision, the inventory list
pdftotext "$REL/besluit.pdf" "$TMP/besluit.txt"
expect_grep 'Er zijn 11 documenten aangetroffen' "$TMP/besluit.txt"
tr '\n' ' ' <"$TMP/besluit.txt" >"$TMP/besluit1.txt"
expect_grep '5\.1\.2e eerbiediging van de persoonlijke levenssfeer' "$TMP/besluit1.txt"
expect_grep 'toegepast op 1 passage in 1 document' "$TMP/besluit1.txt"
# 5.2.1: a passage of 0001 and 0006 withheld whole (one passage of it)
expect_grep '5\.2\.1 persoonlijke beleidsopvattingen .* toegepast op 2 passages in 2 documenten' "$TMP/besluit1.txt"
# Bijlage 1: the Woo's articles the decision rests on, after the letter;
# the inventory is bijlage 2 and the letter counts both
expect_grep 'opgenomen in bijlage 1 bij dit besluit.*inventarislijst in bijlage 2' "$TMP/besluit1.txt"
expect_grep 'Bijlage 1 – Relevante artikelen uit de Woo Artikel 1\.1 .* Artikel 2\.5 .* Artikel 4\.1 .* Artikel 5\.1 .* Artikel 5\.2 ' "$TMP/besluit1.txt"
expect_grep 'uitdrukkelijke motivering' "$TMP/besluit1.txt"
expect_grep 'Bijlage\(n\) 2 ' "$TMP/besluit1.txt"
# the documents it names, and the term it missed (received 2 June,
# extended by two weeks: 14 July; decided 14 August)
expect_grep 'niet openbaar, op de genoemde gronden: • +0006 Verslag .*\(5\.2\.1\)' "$TMP/besluit1.txt"
expect_grep 'al openbaar; u vindt ze op de genoemde .*• +0007 Subsidieregeling waterkeringen 2026 \(https://' "$TMP/besluit1.txt"
expect_grep 'met de verdaging, liep af op 14 juli 2026\. Ik heb later beslist' "$TMP/besluit1.txt"
expect_grep '^1,0001,2026-03-12,.*,deels openbaar,"5\.1\.1e, 5\.1\.2e, 5\.2\.1",1,' "$REL/inventarislijst.csv"
expect_grep '^6,0006,.*,niet openbaar,5\.2\.1,,' "$REL/inventarislijst.csv"
expect_grep '^7,0007,.*,reeds openbaar,.*,https://zoek' "$REL/inventarislijst.csv"
pdftotext -layout "$REL/inventarislijst.pdf" "$TMP/inv.txt"
# the list is a tagged table: a header row of TH, rows of TD
pdfinfo -struct "$REL/inventarislijst.pdf" >"$TMP/inv.st"
expect_grep '^  Table \(block\)$' "$TMP/inv.st"
expect_grep '^      TH$' "$TMP/inv.st"
expect_grep '^      TD$' "$TMP/inv.st"
pdfinfo "$REL/besluit.pdf" >"$TMP/b.info"
expect_grep '^Tagged: +yes' "$TMP/b.info"
expect_grep '^Nr +Document ID +Datum +Omschrijving +Beoordeling' "$TMP/inv.txt"
expect_grep '^6 +0006 +2026-05-14 +Verslag .* +niet openbaar +5\.2\.1 +Intern beraad' "$TMP/inv.txt"
expect_grep 'Pagina 1 van 1' "$TMP/inv.txt"
expect_grep '<ground code="5.2.1" passages="0" scope="document"/>' "$REL/manifest.xml"
expect_grep 'publisher resource="https://identifier.overheid.nl/tooi/id/ministerie/mnre1130"' "$REL/metadata/0001.xml"
expect_grep 'c_4f50ca9c' "$REL/metadata/besluit.xml"
# the besluit and its documents point at each other (hasParts, isPartOf
# with the besluit as resource), each document with its own date
expect_grep '<diwoo:isPartOf resource="WR-2026-0042/besluit">Besluit op het Woo-verzoek over ' "$REL/metadata/0001.xml"
expect_grep '<diwoo:hasPart resource="WR-2026-0042/0001">Nota aan de minister' "$REL/metadata/besluit.xml"
expect_grep '<diwoo:hasPart resource="WR-2026-0042/0008-1">' "$REL/metadata/besluit.xml"
expect_grep '<diwoo:hasPart resource="WR-2026-0042/inventarislijst">Inventarislijst</diwoo:hasPart>' "$REL/metadata/besluit.xml"
expect_no_grep 'hasPart resource="WR-2026-0042/0006"' "$REL/metadata/besluit.xml"	# withheld: not released
expect_grep '<diwoo:creatiedatum>2026-03-12</diwoo:creatiedatum>' "$REL/metadata/0001.xml"
# the productierapport's Email Thread ID: the e-mail's thread (a digest of
# its first Message-ID, which is not published) for it and its attachments
if command -v python3 >/dev/null; then
	python3 - "$REL/productierapport.xlsx" >"$TMP/threads" <<'PY'
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
names = z.namelist()
shared = []
if "xl/sharedStrings.xml" in names:
    shared = [re.sub(r"<[^>]+>", "", t) for t in re.findall(r"<si>(.*?)</si>", z.read("xl/sharedStrings.xml").decode(), re.S)]
rows = {}
for r in re.findall(r"<row [^>]*>(.*?)</row>", z.read("xl/worksheets/sheet1.xml").decode(), re.S):
    cells = {}
    for ref, attrs, body in re.findall(r'<c r="([A-Z]+)\d+"([^>]*)>(.*?)</c>', r, re.S):
        v = re.search(r"<v>(.*?)</v>", body) or re.search(r"<t[^>]*>(.*?)</t>", body)
        v = v.group(1) if v else ""
        if 't="s"' in attrs:
            v = shared[int(v)]
        cells[ref] = v
    rows[cells.get("A", "")] = cells
for i in ("0001", "0008", "0008-1", "0008-2"):
    print(i, rows[i].get("D", "-"))
PY
	t=T$(printf '%s' '20260917104100.4711@kustwacht-zeeland.nl' | sha256sum | cut -c1-16)
	expect_grep "^0001 -$" "$TMP/threads"
	expect_grep "^0008 $t$" "$TMP/threads"
	expect_grep "^0008-1 $t$" "$TMP/threads"
	expect_grep "^0008-2 $t$" "$TMP/threads"
	expect_no_grep 'kustwacht-zeeland.nl>' "$TMP/threads"
fi
# the documentsoort where the text says what the document is and the TOOI
# list has that kind; a nota (informing or deciding?) gets none
expect_grep '<diwoo:documentsoort resource="https://identifier.overheid.nl/tooi/def/thes/kern/c_49599e6c">Kamerbrief<' "$REL/metadata/0003.xml"
expect_grep '<diwoo:documentsoort resource="https://identifier.overheid.nl/tooi/def/thes/kern/c_6d494ab6">Kamervraag met antwoord<' "$REL/metadata/0004.xml"
expect_no_grep 'documentsoort' "$REL/metadata/0001.xml"
# the published decision leaves the requester out (Verzoeker: heer
# Jansen; Aan: De heer P. Jansen, Voorbeeldstraat 1, 1234 AB Voorbeeld);
# the letter addressed to them is beside the release, not in it
expect_no_grep 'Jansen|Voorbeeldstraat|1234 AB' "$TMP/besluit.txt"
expect_grep '^\[5\.1\.2e\]$' "$TMP/besluit.txt"
expect_grep '^Geachte \[5\.1\.2e\],$' "$TMP/besluit.txt"
pdftotext "$OUT/verzoeker/besluit.pdf" "$TMP/addressed.txt"
expect_grep '^Voorbeeldstraat 1$' "$TMP/addressed.txt"
expect_grep '^Geachte heer Jansen,$' "$TMP/addressed.txt"
unzip -Z1 "$OUT/WR-2026-0042.zip" >"$TMP/entries"
expect_no_grep 'verzoeker' "$TMP/entries"
# never in the release: the secrets, in any file, unzipped
mkdir "$TMP/unz" && (cd "$TMP/unz" && unzip -q "$OUT/WR-2026-0042.zip")
for f in "$TMP"/unz/WR-2026-0042/documenten/*.pdf; do
	pdftotext "$f" "$f.txt"
done
if grep -rEl -- "$SECRETS" "$TMP/unz" >"$TMP/leaks"; then
	fail "secrets in the release: $(cat "$TMP/leaks")"
else
	ok
fi
if grep -q 'Annelies' "$REQ/rules/names.txt" && grep -rl 'names.txt' "$TMP/unz" |
    grep -v manifest.xml >/dev/null; then
	fail "a terms file in the release"
else
	ok
fi
# the audit log beside it
for f in audit/0001.plan.csv audit/run.log; do
	if [ -s "$OUT/$f" ]; then ok; else fail "no $f"; fi
done

# --- the same request, the same bytes; a re-run reuses everything ----------
cp "$OUT/WR-2026-0042.zip" "$TMP/first.zip"
expect_exit 0 "$LAKWERK" run "$REQ" --out "$OUT"
expect_grep '9 to release \(9 reused' "$TMP/err"
expect_same "$TMP/first.zip" "$OUT/WR-2026-0042.zip"
# and into a fresh folder, from nothing: the same bytes
expect_exit 0 "$LAKWERK" run "$REQ" --out "$TMP/release2" -j 1
expect_same "$TMP/first.zip" "$TMP/release2/WR-2026-0042.zip"

# --- reviewed plans instead of the rules (--plan DIR) -------------------------
cp -r "$OUT/audit" "$TMP/plans"
expect_exit 0 "$LAKWERK" run "$REQ" --plan "$TMP/plans" --out "$TMP/reviewed"
expect_same "$TMP/first.zip" "$TMP/reviewed/WR-2026-0042.zip"	# the plans as made
sed -i '2s/,redact,/,keep,/' "$TMP/plans/0001.plan.csv"		# a reviewer keeps one
expect_exit 0 "$LAKWERK" run "$REQ" --plan "$TMP/plans" --out "$TMP/reviewed"
expect_grep '53 passages redacted' "$TMP/err"
pdftotext "$TMP/reviewed/WR-2026-0042/documenten/0001.pdf" "$TMP/kept.txt"
expect_grep 'mevrouw Annelies Bakker-Smit, directeur' "$TMP/kept.txt"
rm "$TMP/plans/0003.plan.csv"
expect_exit 2 "$LAKWERK" run "$REQ" --plan "$TMP/plans" --out "$TMP/reviewed"
expect_grep '0003.plan.csv: .*every document needs its reviewed plan' "$TMP/err"
# one reviewed plan file as the review report exports it: the plans, who
# reviewed when, and a box the reviewer drew over the nota's head (an
# area row)
K=$REQ/documenten/nota-subsidie-dijkversterking.pdf
{
	head -n 1 "$OUT/audit/0001.plan.csv" | sed 's/\r$/,reviewer,reviewed\r/'
	for f in "$OUT"/audit/*.plan.csv; do
		tail -n +2 "$f" | sed 's/\r$/,A. Beoordelaar,2026-11-27T10:00:00Z\r/'
	done
	printf ',%s,%s,area,,1,,,1:60.0 130.0 300.0 200.0,5.1.2e,review,redact,vak,A. Beoordelaar,2026-11-27T10:00:00Z\r\n' \
	    "$K" "$(sha256sum "$K" | cut -d' ' -f1)"
	# (documents without proposals: reviewed, nothing to redact)
	for A in "$REQ"/documenten/antwoorden-kamervragen-2026Z04512.pdf "$REQ"/documenten/kamerbrief-waterberging.pdf; do
		printf ',%s,%s,document,,,,,,,review,keep,reviewed: nothing proposed,A. Beoordelaar,2026-11-27T10:00:00Z\r\n' \
		    "$A" "$(sha256sum "$A" | cut -d' ' -f1)"
	done
} >"$TMP/plan.reviewed.csv"
expect_exit 0 "$LAKWERK" run "$REQ" --plan "$TMP/plan.reviewed.csv" --out "$TMP/reviewed2"
expect_same "$TMP/plan.reviewed.csv" "$TMP/reviewed2/audit/plan.reviewed.csv"
expect_grep "^plan	.*plan.reviewed.csv	reviewed by A. Beoordelaar at 2026-11-27T10:00:00Z" "$TMP/reviewed2/audit/run.log"
pdftotext -q -r 72 -x 62 -y 132 -W 236 -H 66 "$K" - | tr -s ' \n' '  ' >"$TMP/under.src"
pdftotext -q -r 72 -x 62 -y 132 -W 236 -H 66 "$TMP/reviewed2/WR-2026-0042/documenten/0001.pdf" - |
    tr -s ' \n' '  ' >"$TMP/under.rel"
expect_grep '[A-Za-z]{4}' "$TMP/under.src"
expect_no_grep '[A-Za-z]{4}' "$TMP/under.rel"
expect_grep ',area,,1,,,1:60.0 130.0 300.0 200.0,5\.1\.2e,review,redact,' "$TMP/reviewed2/audit/0001.plan.csv"
# verify of a release made with a reviewed plan that keeps a passage: the
# rules find the kept name, the plan (read against the request's
# documents) says it was kept; and what the plan redacted must be gone
awk 'BEGIN { FS = OFS = "," } $4 == "text" && $10 ~ /5\.1\.2e/ && !done && index($0, "nota-subsidie") { $12 = "keep"; done = 1 } { print }' \
    "$TMP/plan.reviewed.csv" >"$TMP/plan.kept.csv"
expect_exit 0 "$LAKWERK" run "$REQ" --plan "$TMP/plan.kept.csv" --out "$TMP/reviewed3" -q
expect_exit 3 "$LAKWERK" verify --rules "$REQ/rules/request.rules" "$TMP/reviewed3/WR-2026-0042.zip"
expect_grep 'documenten/0001.pdf: a rule matches' "$TMP/out"
expect_exit 0 "$LAKWERK" verify --rules "$REQ/rules/request.rules" --plan "$TMP/plan.kept.csv" \
    --request "$REQ" "$TMP/reviewed3/WR-2026-0042.zip"
# the release without the reviewer's box, checked with the plan that has
# it: the text under the box is found there
expect_exit 3 "$LAKWERK" verify --plan "$TMP/plan.reviewed.csv" --request "$REQ" "$OUT/WR-2026-0042.zip"
expect_grep 'documenten/0001.pdf: text inside a redacted area' "$TMP/out"
expect_exit 2 "$LAKWERK" verify --plan "$TMP/plan.kept.csv" "$TMP/reviewed3/WR-2026-0042.zip"
expect_grep 'plan takes --source FILE .* or --request DIR' "$TMP/err"

# --- a changed document redoes only itself; a changed rule file everything
cp "$REQ/documenten/persnotitie-hoogwater.txt" "$TMP/pers.txt"
printf '\nExtra regel.\n' >>"$REQ/documenten/persnotitie-hoogwater.txt"
expect_exit 0 "$LAKWERK" run "$REQ" --out "$OUT"
expect_grep '\(8 reused' "$TMP/err"
cp "$TMP/pers.txt" "$REQ/documenten/persnotitie-hoogwater.txt"
cp "$REQ/rules/request.rules" "$TMP/request.rules"
printf '# a comment\n' >>"$REQ/rules/request.rules"
expect_exit 0 "$LAKWERK" run "$REQ" --out "$OUT"
expect_grep '\(0 reused' "$TMP/err"
cp "$TMP/request.rules" "$REQ/rules/request.rules"

# --- a worker that crashes, one that hangs ---------------------------------
rm -rf "$OUT"
# (under AddressSanitizer, let the signal kill the worker as it would
# without: ASan would report it and abort)
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}handle_segv=0" \
LAKWERK_TEST_CRASH=0002 expect_exit 1 "$LAKWERK" run "$REQ" --out "$OUT"
expect_grep '0002 \(email-dijkversterking.pdf\): the worker was killed by signal 11' "$TMP/err"
expect_grep '9 to release \(0 reused from an earlier run\), 1 failed' "$TMP/err"
expect_grep 'no release written' "$TMP/err"
if [ -e "$OUT/WR-2026-0042.zip" ] || [ -e "$REL" ]; then
	fail "a release after a failed run"
else
	ok
fi
expect_grep '^0002.*FAILED' "$OUT/audit/run.log"
# the others were done and are reused
expect_exit 0 "$LAKWERK" run "$REQ" --out "$OUT"
expect_grep '\(8 reused' "$TMP/err"
expect_same "$TMP/first.zip" "$OUT/WR-2026-0042.zip"
rm -rf "$OUT"
LAKWERK_TEST_HANG=0003 expect_exit 1 "$LAKWERK" run "$REQ" --out "$OUT" --max-seconds 1
expect_grep '0003 .*took longer than 12 s and was stopped' "$TMP/err"

# --- kill -9 of a worker: its document fails, the rest goes on -------------
rm -rf "$OUT"
LAKWERK_TEST_HANG=0003 "$LAKWERK" run "$REQ" --out "$OUT" -j 2 >"$TMP/k9.out" 2>"$TMP/k9.err" &
pid=$!
# the other worker does every other document, then idles: kill both
wait_for "$OUT/.lakwerk-work/0008-2.key"
kill -9 $(pgrep -P $pid)
wait $pid
rc=$?
if [ $rc -eq 1 ]; then ok; else fail "exit $rc after kill -9 of a worker, expected 1"; fi
expect_grep '0003 \(kamerbrief-waterberging.pdf\): the worker was killed by signal 9' "$TMP/k9.err"
expect_grep '1 failed' "$TMP/k9.err"
expect_exit 0 "$LAKWERK" run "$REQ" --out "$OUT"
expect_grep '\(8 reused' "$TMP/err"
expect_same "$TMP/first.zip" "$OUT/WR-2026-0042.zip"

# --- SIGINT part-way: a clean stop, no release, and it resumes ----------------
rm -rf "$OUT"
LAKWERK_TEST_HANG=0004 "$LAKWERK" run "$REQ" --out "$OUT" -j 1 >"$TMP/int.out" 2>"$TMP/int.err" &
pid=$!
wait_for "$OUT/.lakwerk-work/0003.key"
kill -INT $pid
wait $pid
rc=$?
if [ $rc -eq 130 ]; then ok; else fail "exit $rc after SIGINT, expected 130"; fi
expect_grep 'stopped by signal 2; run again to resume' "$TMP/int.err"
if [ -e "$OUT/WR-2026-0042.zip" ] || [ -e "$REL" ]; then
	fail "a release after SIGINT"
else
	ok
fi
if pgrep -f "lakwerk run $REQ" >/dev/null; then
	fail "workers left running after SIGINT"
else
	ok
fi
expect_exit 0 "$LAKWERK" run "$REQ" --out "$OUT"
expect_grep '\(3 reused' "$TMP/err"
expect_same "$TMP/first.zip" "$OUT/WR-2026-0042.zip"

# --- kill -9 of the whole run part-way: no release, and it resumes ---------
rm -rf "$OUT"
LAKWERK_TEST_HANG=0004 "$LAKWERK" run "$REQ" --out "$OUT" -j 1 >/dev/null 2>&1 &
pid=$!
wait_for "$OUT/.lakwerk-work/0003.key"
kill -9 $pid
wait $pid 2>/dev/null
pkill -9 -f "lakwerk run $REQ" 2>/dev/null
if [ -e "$OUT/WR-2026-0042.zip" ] || [ -e "$REL" ]; then
	fail "a release after kill -9"
else
	ok
fi
expect_exit 0 "$LAKWERK" run "$REQ" --out "$OUT"
expect_grep '\(3 reused' "$TMP/err"
expect_same "$TMP/first.zip" "$OUT/WR-2026-0042.zip"
# a damaged result in the work folder is redone, not trusted
printf 'pages x\n' >"$OUT/.lakwerk-work/0001.stats"
expect_exit 0 "$LAKWERK" run "$REQ" --out "$OUT"
expect_grep '\(8 reused' "$TMP/err"
expect_same "$TMP/first.zip" "$OUT/WR-2026-0042.zip"

# --- bad requests: refused before any work, with file and row ---------------
bad() {	# NAME: a fresh copy of the request in $TMP/NAME
	rm -rf "$TMP/$1"
	cp -r "$REQ" "$TMP/$1"
}
bad missingcol
sed -i '1s/Beoordeling,/Oordeel-X,/' "$TMP/missingcol/inventaris.csv"
expect_exit 2 "$LAKWERK" run "$TMP/missingcol" --out "$TMP/o"
expect_grep 'inventaris.csv.*(judgement|Beoordeling|beoordeling)' "$TMP/err"
# a file name compared in Unicode NFC: decomposed on disk (a folder zipped
# on a Mac), composed in the inventory
bad nfc
mv "$TMP/nfc/documenten/persnotitie-hoogwater.txt" \
    "$TMP/nfc/documenten/persnotitie-hoogwater-cafe$(printf '\314\201').txt"
sed -i "s/persnotitie-hoogwater.txt/persnotitie-hoogwater-caf$(printf '\303\251').txt/" \
    "$TMP/nfc/inventaris.csv"
expect_exit 0 "$LAKWERK" run "$TMP/nfc" --out "$TMP/nfco" --work "$OUT/.lakwerk-work"
# an inventory that lists the e-mail's family itself (a row whose
# Gerelateerd ID is the e-mail's): taken as it is, no rows made
bad listed
sed -i '1s/$/,Gerelateerd ID/; 2,$s/$/,/' "$TMP/listed/inventaris.csv"
cp "$TMP/listed/documenten/persnotitie-hoogwater.txt" \
    "$TMP/listed/documenten/bijlage-eigen.txt"
printf '0010,bijlage-eigen.txt,2026-09-17,De bijlage zelf,deels openbaar,5.1.2e,,,0008\n' \
    >>"$TMP/listed/inventaris.csv"
expect_exit 0 "$LAKWERK" run "$TMP/listed" --out "$TMP/listedo" --work "$OUT/.lakwerk-work"
expect_grep '10 documents in the inventory, 8 to release' "$TMP/err"
bad judgement
sed -i '3s/deels openbaar/half openbaar/' "$TMP/judgement/inventaris.csv"
expect_exit 2 "$LAKWERK" run "$TMP/judgement" --out "$TMP/o"
expect_grep 'inventaris.csv:row 3.*half openbaar' "$TMP/err"
bad absent
rm "$TMP/absent/documenten/kamerbrief-waterberging.pdf"
expect_exit 2 "$LAKWERK" run "$TMP/absent" --out "$TMP/o"
expect_grep "inventaris.csv:row 4: file 'kamerbrief-waterberging.pdf' of document 0003 is not in" "$TMP/err"
bad unlisted
cp "$REQ/documenten/kamerbrief-waterberging.pdf" "$TMP/unlisted/documenten/extra.pdf"
expect_exit 2 "$LAKWERK" run "$TMP/unlisted" --out "$TMP/o"
expect_grep 'documenten/extra.pdf: not in the inventory' "$TMP/err"
bad grond
sed -i 's/^Besluit: deels openbaar/&\nGrond: 5.1.2e | x | 1 | 1/' "$TMP/grond/request.txt"
expect_exit 2 "$LAKWERK" run "$TMP/grond" --out "$TMP/o"
n=$(grep -n '^Grond:' "$TMP/grond/request.txt" | cut -d: -f1)
expect_grep "request.txt:$n:1: .Grond. and .Documenten. lines are written by lakwerk run" "$TMP/err"
# The publisher: a code the TOOI lists do not know, a code of another
# ministry than the letter's (DiWoo would publish the wrong one), a letter
# of an organisation the lists do not know; refused before any work.
bad org
sed -i 's/^Organisatie: mnre1130/Organisatie: mnre9999/' "$TMP/org/request.txt"
expect_exit 2 "$LAKWERK" run "$TMP/org" --out "$TMP/o"
expect_grep "request.txt: Organisatie: 'mnre9999' is not an organisation" "$TMP/err"
bad org2
sed -i 's/^Organisatie: mnre1130/Organisatie: mnre1010/' "$TMP/org2/request.txt"
expect_exit 2 "$LAKWERK" run "$TMP/org2" --out "$TMP/o"
expect_grep "request.txt: Organisatie: 'mnre1010' is the ministerie van Algemene Zaken, but the letter is of the Ministerie van Infrastructuur en Waterstaat \('mnre1130' in the TOOI lists\)" "$TMP/err"
if [ -e "$TMP/o/.lakwerk-work" ] || [ -e "$TMP/o/WR-2026-0042" ]; then fail "work done for a wrong publisher"; else ok; fi
bad org3
sed -i 's/^Ministerie: .*/Ministerie: Ministerie van Waterbeheer en Ruimte/' "$TMP/org3/request.txt"
expect_exit 2 "$LAKWERK" run "$TMP/org3" --out "$TMP/o"
expect_grep "'mnre1130' is the ministerie van Infrastructuur en Waterstaat, but the letter is of 'Ministerie van Waterbeheer en Ruimte', which is no organisation" "$TMP/err"
bad disagree
sed -i '3s/deels openbaar,5.1.2e/openbaar,/' "$TMP/disagree/inventaris.csv"
expect_exit 1 "$LAKWERK" run "$TMP/disagree" --out "$TMP/o"
expect_grep '0002 .*the rules redact 19 passages, but the inventory \(row 3\) says openbaar' "$TMP/err"
if [ -e "$TMP/o/WR-2026-0042.zip" ]; then fail "an archive for a bad request"; else ok; fi
expect_exit 2 "$LAKWERK" run "$TMP/nonexistent" --out "$TMP/o"
expect_grep 'not a request directory' "$TMP/err"
expect_exit 2 "$LAKWERK" run "$REQ"

# --- a tampered release ------------------------------------------------------
cp -r "$REL" "$TMP/tampered"
printf 'x' >>"$TMP/tampered/inventarislijst.csv"
rm "$TMP/tampered/metadata/0002.xml"
touch "$TMP/tampered/extra.txt"
expect_exit 3 "$LAKWERK" verify "$TMP/tampered"
expect_grep 'inventarislijst.csv: 1279 bytes, the manifest says 1278' "$TMP/out"
expect_grep 'metadata/0002.xml is listed but missing' "$TMP/out"
expect_grep 'extra.txt is in the release but not in the manifest' "$TMP/out"
# a phone number put into the productierapport's sheet is found there
if command -v python3 >/dev/null; then
	cp -r "$REL" "$TMP/leaky"
	python3 - "$TMP/leaky/productierapport.xlsx" <<'PY'
import sys, zipfile
p = sys.argv[1]
z = zipfile.ZipFile(p)
parts = [(i, z.read(i.filename)) for i in z.infolist()]
z.close()
with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as o:
    for i, d in parts:
        if i.filename == "xl/worksheets/sheet1.xml":
            d = d.replace(b">Deels openbaar<", b">Deels openbaar, bel 06-12345678<", 1)
        o.writestr(i, d)
PY
	expect_exit 3 "$LAKWERK" verify --rules "$REQ/rules/request.rules" \
	    --rules "$REQ/rules/woo-default.rules" "$TMP/leaky"
	expect_grep 'productierapport.xlsx.*a rule matches: "06-12345678"' "$TMP/out"
fi

# --- the requester's name in the letter's own text or the inventory: no
# release (the published decision would name them) -------------------------
cp -r "$REQ" "$TMP/reqname"
sed -i 's/^U heeft gevraagd/De heer P. Jansen heeft gevraagd/' "$TMP/reqname/request.txt"
expect_exit 1 "$LAKWERK" run "$TMP/reqname" --out "$TMP/outname" --no-review
expect_grep "request.txt: the decision letter's text names the requester \\('(P\\. )?Jansen'\\)" "$TMP/err"
expect_grep 'no release written' "$TMP/err"
if [ -e "$TMP/outname/WR-2026-0042.zip" ]; then fail "released with the requester named"; else ok; fi
cp -r "$REQ" "$TMP/reqinv"
sed -i 's/^\(0003,[^,]*,[^,]*,\)/\1Brief aan Voorbeeldstraat 1 /' "$TMP/reqinv/inventaris.csv"
expect_exit 1 "$LAKWERK" run "$TMP/reqinv" --out "$TMP/outinv" --no-review
expect_grep "(inventarislijst.csv|metadata/0003.xml): would publish the requester's data \\('Voorbeeldstraat 1'" "$TMP/err"
done_testing
