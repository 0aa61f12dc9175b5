#!/bin/sh
# Benchmark: what reading the pixels costs, in the same run.
#
# 1. Born-digital documents (the bench corpus): lakwerk redact with the
#    ink accounting and OCR (the default) against --no-ocr, which skips
#    them: the ratio is the price of accounting for every page's ink on
#    pages that need no OCR (goal: under 1.15).
# 2. A scanned letter (pdfgen ink scan: 300 dpi, turned 0.7 degrees,
#    speckled, image only): lakwerk redact (OCR, plan, released PDF,
#    self-verification that reads the released pixels again) against the
#    tesseract program alone on the same page image at 300 dpi (goal: at
#    most 1.2), with the seconds per page.
# 3. lakwerk verify of the released PDFs (which renders every page and
#    reads unexplained ink by OCR) against lakwerk redact of the same
#    documents.
#
#   bench/ocr.sh OUTDIR     (make bench runs it after redact.sh)
set -eu

out=${1:?usage: ocr.sh OUTDIR}
docs=${BENCH_DOCS:-200}
rounds=${BENCH_ROUNDS:-3}
corpus=$out/corpus-$docs
r=$out/ocr
mkdir -p "$r"
command -v tesseract >/dev/null || { echo "bench: tesseract not found" >&2; exit 1; }
command -v pdftoppm >/dev/null || { echo "bench: pdftoppm not found" >&2; exit 1; }
[ -d "$corpus" ] || { echo "bench: no corpus in $corpus (run extract.sh first)" >&2; exit 1; }
RULES=$LAKWERK_DATADIR/redaction-rules/woo-default.rules
res=$r/res
. "$(dirname "$0")/lib.sh"
export LAKWERK r RULES
files="ls $corpus/*.pdf"

pages=$("$LAKWERK" extract --format summary --probe-dpi 0 --no-ocr "$corpus"/*.pdf |
    sed -n 's/.*, \([0-9]*\) pages*,.*/\1/p' | awk '{ s += $1 } END { print s }')
on=$(best_of "$files | xargs sh -c '\"\$LAKWERK\" redact --rules \"\$RULES\" --allow-unreviewed-pages --out \"$r/res\" \"\$@\"' x")
off=$(best_of "$files | xargs sh -c '\"\$LAKWERK\" redact --no-ocr --rules \"\$RULES\" --allow-unreviewed-pages --out \"$r/res\" \"\$@\"' x")
echo "born-digital: $docs PDFs, $pages pages, lakwerk redact serially, best of $rounds"
echo "$on $off $pages" | awk '{ printf "  with ink accounting and OCR %8.3f s %7.1f pages/s\n  --no-ocr                     %8.3f s %7.1f pages/s\nratio with / without: %.2f (goal under 1.15)\n", $1, $3 / $1, $2, $3 / $2, $1 / $2 }'

# the scanned letter
"$PDFGEN" ink scan "$r/scan.pdf"
pdftoppm -r 300 -gray -singlefile "$r/scan.pdf" "$r/scan"
lr=$(best_of "\"\$LAKWERK\" redact --rules \"\$RULES\" --out \"$r/res\" \"$r/scan.pdf\"")
ln=$(best_of "\"\$LAKWERK\" redact --no-verify --rules \"\$RULES\" --out \"$r/res\" \"$r/scan.pdf\"")
# tesseract as it starts by default (OpenMP threads), and with one thread
# as lakwerk runs it (main.c sets OMP_THREAD_LIMIT=1)
td=$(best_of "env -u OMP_THREAD_LIMIT tesseract \"$r/scan.pgm\" \"$r/res/scan\" -l nld+eng")
t1=$(best_of "OMP_THREAD_LIMIT=1 tesseract \"$r/scan.pgm\" \"$r/res/scan\" -l nld+eng")
echo "scanned page (image only, 300 dpi): best of $rounds"
echo "$lr $ln $td $t1" | awk '{ printf "  lakwerk redact (OCR, plan, PDF, self-check)   %6.2f s per page\n  lakwerk redact --no-verify (OCR, plan, PDF)   %6.2f s per page\n  tesseract alone, its default threads          %6.2f s per page\n  tesseract alone, one thread                   %6.2f s per page\nratio lakwerk OCR+redact / tesseract one thread: %.2f (goal at most 1.2); with the self-check reading the released page again: %.2f\n", $1, $2, $3, $4, $2 / $4, $1 / $4 }'

# verify against redact
mkdir -p "$r/keep" && rm -f "$r/keep"/*
$files | xargs "$LAKWERK" redact --rules "$RULES" --allow-unreviewed-pages --out "$r/keep" >/dev/null
ve=$(best_of "ls \"$r/keep\"/*.pdf | xargs \"\$LAKWERK\" verify --rules \"\$RULES\"")
echo "lakwerk verify of the $docs released PDFs: $ve s; redact took $on s"
echo "$ve $on" | awk '{ printf "ratio verify / redact: %.2f\n", $1 / $2 }'
