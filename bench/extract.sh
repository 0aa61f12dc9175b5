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

now() { date +%s.%N; }

# best_of CMD: run it $rounds times, print the shortest wall time.
best_of() {
	best=
	i=0
	while [ "$i" -lt "$rounds" ]; do
		rm -rf "$out/res"
		mkdir -p "$out/res"
		t0=$(now)
		sh -c "$1" >/dev/null
		t1=$(now)
		t=$(echo "$t1 $t0" | awk '{ printf "%.3f", $1 - $2 }')
		if [ -z "$best" ] || [ "$(echo "$t $best" | awk '{ print ($1 < $2) }')" = 1 ]; then
			best=$t
		fi
		i=$((i + 1))
	done
	echo "$best"
}

export LAKWERK out
files="ls $corpus/*.pdf"
pt1=$(best_of "$files | xargs -n1 sh -c 'pdftotext -q \"\$0\" \"$out/res/\$(basename \"\$0\" .pdf).txt\"'")
lk1=$(best_of "$files | xargs -n1 sh -c '\"\$LAKWERK\" extract --out \"$out/res\" \"\$0\"'")
pt2=$(best_of "$files | xargs -n1 -P2 sh -c 'pdftotext -q \"\$0\" \"$out/res/\$(basename \"\$0\" .pdf).txt\"'")
lk2=$(best_of "$files | xargs -n1 -P2 sh -c '\"\$LAKWERK\" extract --out \"$out/res\" \"\$0\"'")
lkx=$(best_of "$files | xargs -n1 -P2 sh -c '\"\$LAKWERK\" extract --format xml --boxes --out \"$out/res\" \"\$0\"'")
lk0=$(best_of "$files | xargs -n1 -P2 sh -c '\"\$LAKWERK\" extract --probe-dpi 0 --out \"$out/res\" \"\$0\"'")

row() {
	echo "$1 $2 $pages" | awk '{ printf "  %-44s %8.3f s %9.0f pages/s\n", $1, $2, $3 / $2 }'
}
echo "corpus: $docs PDFs, $pages pages, $bytes bytes (best of $rounds rounds)"
echo "one process per file; lakwerk does text + boxes + ink probe + normalisation"
row "pdftotext,serial" "$pt1"
row "lakwerk-extract,serial" "$lk1"
row "pdftotext,-j2" "$pt2"
row "lakwerk-extract,-j2" "$lk2"
row "lakwerk-extract,-j2,--probe-dpi=0" "$lk0"
row "lakwerk-extract,-j2,xml+boxes" "$lkx"
echo "$lk1 $pt1 $lk2 $pt2 $lk0" | awk '{
	printf "ratio lakwerk/pdftotext (time): serial %.2f, -j2 %.2f, -j2 without probe %.2f\n", $1 / $2, $3 / $4, $5 / $4 }'
