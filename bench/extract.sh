#!/bin/sh
# Benchmark: lakwerk extract against pdftotext (poppler-utils) on the same
# generated corpus, in the same run, serially and with 2 parallel jobs.
#
#   bench/extract.sh OUTDIR        (make bench runs it in the build tree)
#
# Environment: LAKWERK, PDFGEN (built programs), BENCH_DOCS (default 200),
# BENCH_ROUNDS (default 3; the best round counts).
# Prints pages/s for each and the ratio lakwerk time / pdftotext time
# (below 1.0 means lakwerk is faster). Nothing here is a test: no
# threshold, no exit status from timings.
set -eu

out=${1:?usage: extract.sh OUTDIR}
docs=${BENCH_DOCS:-200}
rounds=${BENCH_ROUNDS:-3}
LAKWERK=${LAKWERK:?set LAKWERK}
PDFGEN=${PDFGEN:?set PDFGEN}
command -v pdftotext >/dev/null || { echo "bench: pdftotext not found (apt-get install poppler-utils)" >&2; exit 1; }

corpus=$out/corpus-$docs
if [ ! -f "$corpus/.done" ]; then
	rm -rf "$corpus"
	mkdir -p "$corpus"
	echo "bench: generating $docs PDFs in $corpus" >&2
	"$PDFGEN" corpus "$corpus" "$docs"
	: >"$corpus/.done"
fi
pages=$("$LAKWERK" extract --format summary --probe-dpi 0 "$corpus"/*.pdf |
    sed -n 's/.*, \([0-9]*\) pages*,.*/\1/p' | awk '{ s += $1 } END { print s }')
bytes=$(cat "$corpus"/*.pdf | wc -c)

res=$out/res
. "$(dirname "$0")/lib.sh"

export LAKWERK out
files="ls $corpus/*.pdf"
# Per file: one process per PDF for both tools (pdftotext takes one file),
# started by xargs directly. pdftotext writes NAME.txt beside each PDF,
# lakwerk writes DIR/NAME.txt (atomically: temp file, fsync, rename).
clean="rm -f $corpus/*.txt"
pt1=$(best_of "$clean; $files | xargs -n1 pdftotext -q")
lk1=$(best_of "$files | xargs -n1 \"\$LAKWERK\" extract --out \"$out/res\"")
pt2=$(best_of "$clean; $files | xargs -n1 -P2 pdftotext -q")
lk2=$(best_of "$files | xargs -n1 -P2 \"\$LAKWERK\" extract --out \"$out/res\"")
sh -c "$clean"
# Batch: lakwerk as it is used, one process over many files (-j2: two
# processes, each half of the corpus).
half() { echo "$files | awk 'NR % 2 == $1' | xargs sh -c '\"\$LAKWERK\" extract $2 --out \"$out/res\" \"\$@\"' x"; }
lb1=$(best_of "$files | xargs sh -c '\"\$LAKWERK\" extract --out \"$out/res\" \"\$@\"' x")
lb2=$(best_of "( $(half 0 '') ) & ( $(half 1 '') ); wait")
lb0=$(best_of "( $(half 0 '--probe-dpi 0') ) & ( $(half 1 '--probe-dpi 0') ); wait")
lbx=$(best_of "( $(half 0 '--format xml --boxes') ) & ( $(half 1 '--format xml --boxes') ); wait")

row() {
	echo "$1 $2 $pages" | awk '{ printf "  %-46s %8.3f s %9.0f pages/s\n", $1, $2, $3 / $2 }'
}
echo "corpus: $docs PDFs, $pages pages, $bytes bytes (best of $rounds rounds)"
echo "lakwerk does text + boxes + fonts + ink probe (50 dpi) + normalisation"
row "pdftotext,per-file,serial" "$pt1"
row "lakwerk-extract,per-file,serial" "$lk1"
row "pdftotext,per-file,-j2" "$pt2"
row "lakwerk-extract,per-file,-j2" "$lk2"
row "lakwerk-extract,batch,serial" "$lb1"
row "lakwerk-extract,batch,-j2" "$lb2"
row "lakwerk-extract,batch,-j2,--probe-dpi=0" "$lb0"
row "lakwerk-extract,batch,-j2,xml+boxes" "$lbx"
echo "$lk1 $pt1 $lk2 $pt2 $lb1 $lb2" | awk '{
	printf "ratio lakwerk/pdftotext (time, below 1 = lakwerk faster):\n"
	printf "  per-file: serial %.2f, -j2 %.2f\n", $1 / $2, $3 / $4
	printf "  batch:    serial %.2f, -j2 %.2f\n", $5 / $2, $6 / $4 }'
