#!/bin/sh
# Benchmark: the inputs that are not PDFs, each against a named reference
# in the same run.
#   - Office: lakwerk extract --no-ocr of N .docx files (each converted by
#     its own LibreOffice start, in a throw-away profile) against
#     soffice --convert-to pdf of the same files in one call (one start
#     for all); soffice's start-up cost is measured apart (one empty
#     document), so the ratio of the per-file conversion shows what a
#     start per file costs.
#   - E-mail: lakwerk extract --no-ocr of N .eml messages (GMime parse and
#     pango layout), per message, against pdftotext of the PDFs that the
#     layout makes (the reading floor).
#
#   bench/formats.sh OUTDIR   (make bench-formats)
set -eu

out=${1:?usage: formats.sh OUTDIR}
n=${BENCH_FILES:-20}
rounds=${BENCH_ROUNDS:-3}
b=$out/formats
res=$b/res
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/bench/lib.sh"
command -v soffice >/dev/null || { echo "bench: soffice not found" >&2; exit 1; }
rm -rf "$b" && mkdir -p "$b/docx" "$b/eml" "$b/lo"
export OMP_THREAD_LIMIT=1

# N .docx: one made by LibreOffice from flat ODF, copied (each a file of
# its own to convert)
cat >"$b/nota.fodt" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">
<office:body><office:text>
<text:h text:outline-level="1">Nota over de versterking van de kering</text:h>
<text:p>De aannemer begint in oktober. Contact: telefoon 06-12345678, IBAN NL91ABNA0417164300.</text:p>
<text:p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.</text:p>
</office:text></office:body></office:document>
EOF
soffice --headless "-env:UserInstallation=file://$b/lo" --convert-to docx \
    --outdir "$b" "$b/nota.fodt" >/dev/null 2>&1
i=1
while [ "$i" -le "$n" ]; do
	cp "$b/nota.docx" "$b/docx/nota-$i.docx"
	i=$((i + 1))
done
printf '<?xml version="1.0"?><office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text"><office:body><office:text/></office:body></office:document>\n' >"$b/empty.fodt"

lw=$(best_of "\"\$LAKWERK\" extract --no-ocr \"$b\"/docx/*.docx")
so=$(best_of "soffice --headless \"-env:UserInstallation=file://$b/lo\" --convert-to pdf --outdir \"$res\" \"$b\"/docx/*.docx")
st=$(best_of "soffice --headless \"-env:UserInstallation=file://$b/lo\" --convert-to pdf --outdir \"$res\" \"$b/empty.fodt\"")
echo "Office: $n .docx, best of $rounds"
echo "$lw $so $st $n" | awk '{ printf "  lakwerk extract (a LibreOffice start and profile per file)  %6.2f s  %.3f s per file\n  soffice --convert-to pdf, all files in one call             %6.2f s  %.3f s per file\n  soffice start-up alone (one empty document)                  %6.2f s\nratio lakwerk / soffice one call: %.2f; per file, lakwerk against soffice start + its share of the call: %.2f\n", $1, $1 / $4, $2, $2 / $4, $3, $1 / $2, ($1 / $4) / ($3 + ($2 - $3) / $4) }'

# N .eml: a message with a quoted reply, base64 body, an HTML alternative
i=1
while [ "$i" -le "$n" ]; do
	{
		printf 'From: Pieter de Vries <p.devries@example.nl>\r\n'
		printf 'To: =?utf-8?q?Jos=C3=A9_Bakker?= <j.bakker@example.nl>\r\n'
		printf 'Subject: Bericht %d over de kering\r\n' "$i"
		printf 'Date: Tue, 10 Mar 2026 14:03:00 +0100\r\n'
		printf 'MIME-Version: 1.0\r\n'
		printf 'Content-Type: multipart/alternative; boundary=B\r\n\r\n'
		printf -- '--B\r\nContent-Type: text/plain; charset=utf-8\r\n'
		printf 'Content-Transfer-Encoding: base64\r\n\r\n'
		k=0
		while [ "$k" -lt 40 ]; do
			printf 'Regel %d van het bericht over de dijkversterking, bel 06-12345678.\n' "$k"
			k=$((k + 1))
		done | base64
		printf -- '--B\r\nContent-Type: text/html\r\n\r\n<p>HTML</p>\r\n--B--\r\n'
	} >"$b/eml/bericht-$i.eml"
	i=$((i + 1))
done
"$LAKWERK" extract --no-ocr --format xml "$b/eml/bericht-1.eml" >/dev/null
le=$(best_of "\"\$LAKWERK\" extract --no-ocr \"$b\"/eml/*.eml")
# the reference: pdftotext of the layout's own PDFs (lakwerk redact
# --no-verify writes released PDFs; the print itself is what extract
# reads, so read the released ones as the floor of reading a PDF)
mkdir -p "$b/red"
"$LAKWERK" redact --no-verify --rules "$top/redaction-rules/woo-default.rules" \
    --out "$b/red" "$b"/eml/*.eml >/dev/null
pt=$(best_of "for f in \"$b\"/red/*.pdf; do pdftotext \"\$f\" - >/dev/null; done")
echo "E-mail: $n messages of 40 lines, best of $rounds"
echo "$le $pt $n" | awk '{ printf "  lakwerk extract (GMime parse, pango layout, PDF read back)  %6.3f s  %.1f ms per message\n  pdftotext of the same number of one-page PDFs                %6.3f s  %.1f ms per file\nratio lakwerk / pdftotext: %.2f\n", $1, 1000 * $1 / $3, $2, 1000 * $2 / $3, $1 / $2 }'
