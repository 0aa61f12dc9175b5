#!/bin/sh
# Real inputs: an e-mail (.eml) with a PDF, a .docx and a text attachment,
# pictures (PNG, JPEG, a two-page TIFF) and Office files, all made here.
# The e-mail's body is base64 in windows-1252 beside an HTML alternative,
# its subject an RFC 2047 word, a quoted reply below it, a Bcc and
# transport headers above it. lakwerk redact writes the family
# (mail.pdf, mail.bijlage-N.pdf, each with its plan): the phone numbers
# and IBAN of the default rules and the people of the headers are gone
# from every member's text, pixels (the tesseract program reads them) and
# bytes; the public sentences stay searchable; Bcc and transport headers
# are not released. Office files with comments are held for review; a
# conversion that hangs is stopped; damaged inputs get a one-line error
# and the rest of the family goes on.
. "${LAK_SRCDIR:-.}/tests/cli/lib.sh"

command -v pdftotext >/dev/null || skip_all "pdftotext (poppler-utils) not found"
command -v pdftoppm >/dev/null || skip_all "pdftoppm (poppler-utils) not found"
command -v qpdf >/dev/null || skip_all "qpdf not found"
command -v tesseract >/dev/null || skip_all "tesseract not found"
command -v soffice >/dev/null ||
    skip_all "soffice not found (libreoffice-writer-nogui)"
command -v base64 >/dev/null || skip_all "base64 (coreutils) not found"

RULES=$LAK_SRCDIR/redaction-rules/woo-default.rules
SECRETS='12345678|87654321|NL91|ABNA|0417164300|Bakker|devries|geheim|Pieter|abc123'

no_secret_anywhere() {
	pdftoppm -r 300 -gray "$1" "$TMP/p"
	: >"$TMP/p.txt"
	for pg in "$TMP"/p*.pgm; do
		tesseract "$pg" "$TMP/pp" -l nld+eng >/dev/null 2>&1 ||
		    fail "$2: tesseract failed"
		cat "$TMP/pp.txt" >>"$TMP/p.txt"
	done
	rm -f "$TMP"/p*.pgm
	expect_no_grep "$SECRETS" "$TMP/p.txt"
	pdftotext "$1" "$TMP/t" || fail "$2: pdftotext failed"
	expect_no_grep "$SECRETS" "$TMP/t"
	qpdf --qdf --object-streams=disable "$1" "$TMP/q.pdf" >/dev/null 2>&1
	if LC_ALL=C grep -a -Eiq -- "$SECRETS" "$TMP/q.pdf"; then
		fail "$2: a secret is in the bytes (qdf)"
	else
		ok
	fi
}

mkdir "$TMP/in" "$TMP/o"

# --- the attachments -------------------------------------------------------
"$PDFGEN" ink scan "$TMP/in/brief.pdf" || fail "pdfgen ink scan"
pdftoppm -r 120 -png -singlefile "$TMP/in/brief.pdf" "$TMP/inline"
cat >"$TMP/nota.fodt" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">
<office:body><office:text>
<text:p>Nota over de kering bij Rilland.</text:p>
<text:p>Overleg met Pieter de Vries, telefoon 06-87654321.</text:p>
</office:text></office:body></office:document>
EOF
cat >"$TMP/opm.fodt" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">
<office:body><office:text>
<text:p>Verslag van het overleg.<office:annotation><dc:creator>Jan</dc:creator><text:p>Bel 06-12345678</text:p></office:annotation></text:p>
</office:text></office:body></office:document>
EOF
(cd "$TMP" && soffice --headless --norestore \
    "-env:UserInstallation=file://$TMP/lo" --convert-to docx \
    --outdir "$TMP" nota.fodt opm.fodt >/dev/null 2>&1)
[ -s "$TMP/nota.docx" ] && [ -s "$TMP/opm.docx" ] && ok ||
    fail "soffice could not make the .docx fixtures"

# a zip of two notes (read as attachments of their own), and a zip bomb
# (300 MB of zeros, over the 256 MB a file in a zip may inflate to)
if command -v python3 >/dev/null; then
	python3 - "$TMP" <<'PY'
import sys, zipfile
d = sys.argv[1]
with zipfile.ZipFile(d + "/stukken.zip", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("map/", "")
    z.writestr("map/notitie-zip.txt", "Notitie in het archief: bel Kees op 06-87654321.\n")
    z.writestr("lees.txt", "Het archief van de aanvraag over de kering.\n")
with zipfile.ZipFile(d + "/bom.zip", "w", zipfile.ZIP_DEFLATED) as z:
    with z.open("bom.txt", "w") as f:
        for _ in range(300):
            f.write(b"\0" * (1 << 20))
PY
fi

# --- the message ------------------------------------------------------------
body=$(printf 'Beste collega,\r\n\r\nDe afspraak over de dijkversterking staat. Ik ben bereikbaar op 06-12345678.\r\nMet vriendelijke groet,\r\nPieter de Vries\r\n\r\n> Op 9 maart schreef het secretariaat:\r\n> Kunt u de stukken over de kering sturen?\r\n' |
    iconv -f UTF-8 -t WINDOWS-1252 | base64)
html=$(printf '<html><body><p>Beste collega, <b>06-12345678</b></p></body></html>' | base64)
{
	printf 'Received: from mx.example.nl by mail.example.nl\r\n'
	printf 'Message-ID: <abc123@example.nl>\r\n'
	printf 'From: Pieter de Vries <p.devries@example.nl>\r\n'
	printf 'To: =?utf-8?q?Jos=C3=A9_Bakker?= <j.bakker@minienw.nl>\r\n'
	printf 'Bcc: geheim@example.nl\r\n'
	printf 'Subject: =?utf-8?q?Stukken_dijkversterking_=E2=80=93_Rilland?=\r\n'
	printf 'Date: Tue, 10 Mar 2026 14:03:00 +0100\r\n'
	printf 'MIME-Version: 1.0\r\n'
	printf 'Content-Type: multipart/mixed; boundary="B1"\r\n\r\n'
	printf -- '--B1\r\nContent-Type: multipart/alternative; boundary="B2"\r\n\r\n'
	printf -- '--B2\r\nContent-Type: text/plain; charset=windows-1252\r\n'
	printf 'Content-Transfer-Encoding: base64\r\n\r\n%s\r\n' "$body"
	printf -- '--B2\r\nContent-Type: text/html; charset=utf-8\r\n'
	printf 'Content-Transfer-Encoding: base64\r\n\r\n%s\r\n--B2--\r\n' "$html"
	# a picture of the letter inline in the message (its text only in
	# pixels: OCR reads it in the print)
	printf -- '--B1\r\nContent-Type: image/png\r\n'
	printf 'Content-Disposition: inline\r\n'
	printf 'Content-Transfer-Encoding: base64\r\n\r\n'
	base64 "$TMP/inline.png"
	printf '\r\n'
	for a in brief.pdf:application/pdf:in/brief.pdf \
	    nota.docx:application/vnd.openxmlformats-officedocument.wordprocessingml.document:nota.docx; do
		n=${a%%:*}; rest=${a#*:}; t=${rest%%:*}; f=${rest#*:}
		printf -- '--B1\r\nContent-Type: %s; name="%s"\r\n' "$t" "$n"
		printf 'Content-Disposition: attachment; filename="%s"\r\n' "$n"
		printf 'Content-Transfer-Encoding: base64\r\n\r\n'
		base64 "$TMP/$f"
		printf '\r\n'
	done
	printf -- '--B1\r\nContent-Type: text/plain; charset=utf-8\r\n'
	printf 'Content-Disposition: attachment; filename="notitie.txt"\r\n\r\n'
	printf 'Notitie van José Bakker: IBAN NL91ABNA0417164300.\r\n'
	printf -- '--B1\r\nContent-Type: application/zip\r\n'
	printf 'Content-Disposition: attachment; filename="stuk.bin"\r\n'
	printf 'Content-Transfer-Encoding: base64\r\n\r\n'
	head -c 3000 /dev/urandom | base64
	if [ -s "$TMP/stukken.zip" ]; then
		for z in stukken.zip bom.zip; do
			printf -- '\r\n--B1\r\nContent-Type: application/zip\r\n'
			printf 'Content-Disposition: attachment; filename="%s"\r\n' "$z"
			printf 'Content-Transfer-Encoding: base64\r\n\r\n'
			base64 "$TMP/$z"
		done
	fi
	printf '\r\n--B1--\r\n'
} >"$TMP/in/mail.eml"

# extract reads it: the header block, decoded, without transport headers;
# then each attachment, the unreadable one in one error line
expect_exit 1 "$LAKWERK" extract --no-ocr "$TMP/in/mail.eml"
expect_grep 'mail.eml/stuk.bin: binary file' "$TMP/err"
expect_grep '^==> .*/mail.eml/nota.docx <==' "$TMP/out"
expect_grep 'Nota over de kering' "$TMP/out"
expect_grep '^Van: Pieter de Vries <p.devries@example.nl>' "$TMP/out"
expect_grep '^Aan: José Bakker' "$TMP/out"
expect_grep 'Onderwerp: Stukken dijkversterking . Rilland' "$TMP/out"
expect_grep '^Bijlagen: brief.pdf, nota.docx, notitie.txt, stuk.bin' "$TMP/out"
expect_grep 'bereikbaar op 06-12345678' "$TMP/out"
expect_no_grep 'geheim|abc123|Received|mx.example' "$TMP/out"

# The family: one member (the random bytes) cannot be read; it is named
# and the others are released.
SOURCE_DATE_EPOCH=1767225600 "$LAKWERK" redact --rules "$RULES" \
    --out "$TMP/o" "$TMP/in/mail.eml" >"$TMP/so" 2>"$TMP/se"
[ $? -eq 1 ] && ok || fail "redact of the family: not exit 1"
expect_grep 'mail.eml/stuk.bin: ' "$TMP/se"
n=$(wc -l <"$TMP/se")
[ "$n" -eq 1 ] || { [ "$n" -eq 2 ] && [ -s "$TMP/stukken.zip" ]; } && ok ||
    fail "$n error lines"
pdftotext "$TMP/o/mail.pdf" "$TMP/t1"
for m in mail mail.bijlage-1 mail.bijlage-2 mail.bijlage-3; do
	[ -s "$TMP/o/$m.pdf" ] && [ -s "$TMP/o/$m.plan.csv" ] && ok ||
	    fail "$m.pdf or its plan missing"
	no_secret_anywhere "$TMP/o/$m.pdf" "$m"
done
[ ! -e "$TMP/o/mail.bijlage-4.pdf" ] && ok || fail "the unreadable member released"
if [ -s "$TMP/stukken.zip" ]; then
	# the zip's files are members 5 and 6; the bomb is one line
	expect_grep 'mail.eml/bom.zip: a ZIP archive that cannot be unpacked: bom.txt: larger than' "$TMP/se"
	expect_grep 'stukken.zip/lees.txt, bom.zip' "$TMP/t1"
	no_secret_anywhere "$TMP/o/mail.bijlage-5.pdf" "zip member"
	expect_grep 'Notitie in het archief' "$TMP/t"
	pdftotext "$TMP/o/mail.bijlage-6.pdf" "$TMP/t"
	expect_grep 'archief van de aanvraag' "$TMP/t"
fi
# the public sentences, searchable
pdftotext "$TMP/o/mail.pdf" "$TMP/t"
expect_grep 'afspraak over de dijkversterking' "$TMP/t"
expect_grep 'Kunt u de stukken' "$TMP/t"		# the quoted reply, kept
expect_grep 'Rilland' "$TMP/t"	# the inline picture, read by OCR
expect_no_grep 'Havenweg|4381' "$TMP/t"	# its home address redacted
expect_grep 'Bijlagen: brief.pdf, nota.docx' "$TMP/t"
pdftotext "$TMP/o/mail.bijlage-2.pdf" "$TMP/t"
expect_grep 'Nota over de kering' "$TMP/t"
pdftotext "$TMP/o/mail.bijlage-1.pdf" "$TMP/t"
expect_grep 'dijkversterking' "$TMP/t"		# the scan, OCR'd
# verify, which reads the pixels too, agrees
expect_exit 0 "$LAKWERK" verify --rules "$RULES" "$TMP/o/mail.pdf"
# the people of the headers: their names go in every member
expect_grep 'e-mail headers' "$TMP/o/mail.bijlage-2.plan.csv"
expect_grep 'e-mail headers' "$TMP/o/mail.bijlage-3.plan.csv"

# --- an Outlook .msg: the same family through MAPI properties -----------------
printf 'Notitie van Kees Mol over de dijk.\n' >"$TMP/notitie2.txt"
"$MSGGEN" "$TMP/in/outlook.msg" "$TMP/notitie2.txt" || fail "msggen"
expect_exit 0 "$LAKWERK" extract --no-ocr "$TMP/in/outlook.msg"
expect_grep '^Van: Pieter de Vries <p.devries@example.nl>' "$TMP/out"
expect_grep '^Aan: José Bakker <j.bakker@minienw.nl>' "$TMP/out"
expect_grep '^Cc: Kees Mol <k.mol@example.nl>' "$TMP/out"
expect_grep '^Datum: 10 maart 2026, 13:03' "$TMP/out"
expect_grep 'Onderwerp: Stukken over de kering . Rilland' "$TMP/out"
expect_grep 'Bijlagen: notitie.txt, Doorgestuurd: café aan de dijk.eml' "$TMP/out"
expect_grep 'bereikbaar op 06-12345678' "$TMP/out"
expect_grep 'doorgestuurde bericht, IBAN NL91' "$TMP/out"
mkdir "$TMP/mo"
expect_exit 0 "$LAKWERK" redact --rules "$RULES" --out "$TMP/mo" "$TMP/in/outlook.msg"
for m in outlook outlook.bijlage-1 outlook.bijlage-2; do
	[ -s "$TMP/mo/$m.pdf" ] && ok || fail "$m.pdf missing"
	pdftotext "$TMP/mo/$m.pdf" "$TMP/t"
	expect_no_grep "$SECRETS|Kees Mol|k.mol" "$TMP/t"
done
no_secret_anywhere "$TMP/mo/outlook.pdf" outlook.msg
# a truncated .msg: one line
head -c 1500 "$TMP/in/outlook.msg" >"$TMP/kapot.msg"
expect_exit 1 "$LAKWERK" extract "$TMP/kapot.msg"
[ "$(wc -l <"$TMP/err")" -eq 1 ] && ok || fail "damaged .msg: not one line"

# --- pictures ----------------------------------------------------------------
pdftoppm -r 150 -png -singlefile "$TMP/in/brief.pdf" "$TMP/in/scan"
pdftoppm -r 150 -jpeg -singlefile "$TMP/in/brief.pdf" "$TMP/in/foto"
if command -v tiffcp >/dev/null; then
	# two pages: the letter at 150 and at 120 dpi
	pdftoppm -r 150 -tiff -tiffcompression packbits -singlefile \
	    "$TMP/in/brief.pdf" "$TMP/t1"
	pdftoppm -r 120 -tiff -singlefile "$TMP/in/brief.pdf" "$TMP/t2"
	tiffcp "$TMP/t1.tif" "$TMP/t2.tif" "$TMP/in/pages.tif"
fi
mkdir "$TMP/po"
SOURCE_DATE_EPOCH=1767225600 "$LAKWERK" redact --rules "$RULES" \
    --out "$TMP/po" "$TMP"/in/scan.png "$TMP"/in/foto.jpg \
    $( [ -s "$TMP/in/pages.tif" ] && echo "$TMP/in/pages.tif") \
    >"$TMP/so" 2>"$TMP/se"
[ $? -eq 0 ] && ok || { fail "redact of the pictures"; cat "$TMP/se" >&2; }
for m in scan foto; do
	no_secret_anywhere "$TMP/po/$m.pdf" "$m"
	expect_grep 'Rilland' "$TMP/t"
	expect_no_grep 'Havenweg|4381' "$TMP/t"
done
if [ -s "$TMP/in/pages.tif" ]; then
	[ "$(pdfinfo "$TMP/po/pages.pdf" | awk '/^Pages:/ { print $2 }')" = 2 ] &&
	    ok || fail "the two-page TIFF is not two pages"
	no_secret_anywhere "$TMP/po/pages.pdf" pages.tif
fi
"$LAKWERK" extract --format xml "$TMP/in/scan.png" >"$TMP/x.xml"
expect_grep 'format="image"' "$TMP/x.xml"
expect_grep 'flags="ocr' "$TMP/x.xml"

# --- Office files --------------------------------------------------------------
mkdir "$TMP/oo"
cp "$TMP/opm.docx" "$TMP/in/opm.docx"
expect_exit 1 "$LAKWERK" redact --rules "$RULES" --out "$TMP/oo" "$TMP/in/opm.docx"
expect_grep 'opm.docx: the document holds what its pages do not show .a comment' "$TMP/err"
[ ! -e "$TMP/oo/opm.pdf" ] && ok || fail "held for review, yet released"
expect_exit 0 "$LAKWERK" redact --allow-unreviewed-pages --rules "$RULES" \
    --out "$TMP/oo" "$TMP/in/opm.docx"
# the comment's words were matched (an item), and are not released
expect_grep ',item,' "$TMP/oo/opm.plan.csv"
no_secret_anywhere "$TMP/oo/opm.pdf" opm.docx
expect_grep 'Verslag van het overleg' "$TMP/t"

# the old binary format goes through OpenDocument, where the comment is
# seen the same way
(cd "$TMP" && soffice --headless --norestore \
    "-env:UserInstallation=file://$TMP/lo" --convert-to doc \
    --outdir "$TMP/in" opm.docx >/dev/null 2>&1)
expect_exit 1 "$LAKWERK" redact --rules "$RULES" --out "$TMP/oo" "$TMP/in/opm.doc"
expect_grep 'opm.doc: the document holds what its pages do not show .a comment' "$TMP/err"

# a conversion that hangs is stopped; a damaged file is one line
printf '#!/bin/sh\nsleep 60\n' >"$TMP/hang"
chmod +x "$TMP/hang"
expect_exit 1 env LAKWERK_SOFFICE="$TMP/hang" LAKWERK_OFFICE_TIMEOUT=2 \
    "$LAKWERK" extract "$TMP/nota.docx"
expect_grep 'did not finish within 2 s' "$TMP/err"
head -c 2000 "$TMP/nota.docx" >"$TMP/in/kapot.docx"
expect_exit 1 "$LAKWERK" extract "$TMP/in/kapot.docx"
[ "$(wc -l <"$TMP/err")" -eq 1 ] && ok || fail "damaged .docx: not one line"
# without LibreOffice: the package to install
expect_exit 1 env LAKWERK_SOFFICE=lakwerk-no-such-soffice \
    "$LAKWERK" extract "$TMP/nota.docx"
expect_grep 'apt-get install libreoffice-writer-nogui' "$TMP/err"
# a message that is not one
printf 'From: x\r\nTo: y\r\n\r\n' >"$TMP/in/leeg.eml"
expect_exit 0 "$LAKWERK" extract --no-ocr "$TMP/in/leeg.eml"
expect_grep '^Van: x' "$TMP/out"

# --- verify notices what a release of these formats leaks ---------------------
# Released without the rules (a rule file that redacts nothing; the
# headers' people still go), each kind's PDF keeps its phone number in
# pixels and text layer: lakwerk verify with the rules finds it.
printf 'regime woo\n' >"$TMP/none.rules"
mkdir "$TMP/un"
cp "$TMP/nota.docx" "$TMP/in/nota.docx"
"$LAKWERK" redact --allow-unreviewed-pages --rules "$TMP/none.rules" \
    --out "$TMP/un" "$TMP/in/outlook.msg" "$TMP/in/scan.png" \
    "$TMP/in/nota.docx" >/dev/null 2>"$TMP/se"
for m in outlook outlook.bijlage-2 scan nota; do
	expect_exit 3 "$LAKWERK" verify --rules "$RULES" "$TMP/un/$m.pdf" &&
	    expect_grep 'a rule matches' "$TMP/out"
done

done_testing
