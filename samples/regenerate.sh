#!/bin/sh
# Remake the samples from samples/src (the e-mail, its attachments and
# the scanned letter from samples/src/mail). LibreOffice makes the HTML
# sources, pdfgen (cairo) the marked-up text sources.
set -eu
cd "$(dirname "$0")"
pdfgen=${PDFGEN:-../_build/tests/tools/pdfgen}
[ -x "$pdfgen" ] || { echo "build first: make -C _build check" >&2; exit 1; }
for f in src/*.html; do
	soffice --headless --infilter="HTML (StarWriter)" \
	    --convert-to pdf:writer_pdf_Export --outdir . "$f"
done
for f in src/*.txt; do
	b=$(basename "$f" .txt)
	"$pdfgen" markup "$f" "$b.pdf"
done

# The e-mail with two attachments (a .docx that LibreOffice makes from a
# flat ODF source, a PDF that pdfgen lays out), as an .eml with a base64
# body; and a scanned letter, a page image at 200 dpi.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
soffice --headless "-env:UserInstallation=file://$tmp/lo" \
    --convert-to docx --outdir "$tmp" src/mail/aanvulling-kostenraming.fodt
"$pdfgen" markup src/mail/situatietekening-rilland.txt \
    "$tmp/situatietekening-rilland.pdf"
{
	sed '/^--$/,$d' src/mail/email-aanvulling.txt | sed 's/$/\r/'
	printf 'MIME-Version: 1.0\r\n'
	printf 'Content-Type: multipart/mixed; boundary="=_lakwerk_sample"\r\n\r\n'
	printf -- '--=_lakwerk_sample\r\n'
	printf 'Content-Type: text/plain; charset=utf-8\r\n'
	printf 'Content-Transfer-Encoding: base64\r\n\r\n'
	sed '1,/^--$/d' src/mail/email-aanvulling.txt | sed 's/$/\r/' | base64
	for f in "$tmp/aanvulling-kostenraming.docx" \
	    "$tmp/situatietekening-rilland.pdf"; do
		n=$(basename "$f")
		case $n in
		*.docx) t=application/vnd.openxmlformats-officedocument.wordprocessingml.document ;;
		*) t=application/pdf ;;
		esac
		printf -- '--=_lakwerk_sample\r\n'
		printf 'Content-Type: %s; name="%s"\r\n' "$t" "$n"
		printf 'Content-Disposition: attachment; filename="%s"\r\n' "$n"
		printf 'Content-Transfer-Encoding: base64\r\n\r\n'
		base64 "$f"
	done
	printf -- '--=_lakwerk_sample--\r\n'
} >email-aanvulling.eml
"$pdfgen" markup src/mail/brief-bewoner.txt "$tmp/brief.pdf"
pdftoppm -r 200 -gray -png -singlefile "$tmp/brief.pdf" brief-bewoner-scan
