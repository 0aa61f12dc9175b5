#!/bin/sh
# Remake the sample PDFs from samples/src. LibreOffice makes the HTML
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
