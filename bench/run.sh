#!/bin/sh
# Benchmark: lakwerk run end to end (ingest, plan, redact, PDF, verify,
# inventory, decision, DiWoo, manifest, archive) on a request made of the
# bench corpus, with 1 and 2 workers, next to pdftotext and
# pdftoppm -r 200 -mono on the same files, in the same run; and where the
# time goes: a re-run with every document cached is the packaging alone.
#
#   bench/run.sh OUTDIR     (make bench runs it after redact.sh)
set -eu

out=${1:?usage: run.sh OUTDIR}
docs=${BENCH_DOCS:-200}
rounds=${BENCH_ROUNDS:-3}
corpus=$out/corpus-$docs
b=$out/run
req=$b/request
rm -rf "$b" && mkdir -p "$b"
[ -d "$corpus" ] || { echo "bench: no corpus in $corpus (run extract.sh first)" >&2; exit 1; }
export SOURCE_DATE_EPOCH=1786708800

res=$b/res
. "$(dirname "$0")/lib.sh"
bench_request "$corpus" "$req" "$b"
export LAKWERK b req
files="ls $req/documenten/*.pdf"
pages=$(bench_pages "$req"/documenten/*.pdf)
r1=$(best_of '"$LAKWERK" run -q -j 1 "$req" --out "$b/res"')
r2=$(best_of '"$LAKWERK" run -q -j 2 "$req" --out "$b/res"')
# what the review report (page images of every page with proposals) costs
rn=$(best_of '"$LAKWERK" run -q -j 2 --no-review "$req" --out "$b/res"')
# packaging alone: every document cached
"$LAKWERK" run -q -j 2 "$req" --out "$b/keep"
t0=$(now); "$LAKWERK" run -q "$req" --out "$b/keep"; t1=$(now)
pk=$(echo "$t1 $t0" | awk '{ printf "%.3f", $1 - $2 }')
pt=$(best_of "$files | xargs -n1 sh -c 'pdftotext \"\$0\" \"$b/res/\$(basename \"\$0\").txt\"'")
pp1=$(best_of "$files | xargs -n1 sh -c 'pdftoppm -r 200 -mono \"\$0\" \"$b/res/\$(basename \"\$0\" .pdf)\"'")
pp2=$(best_of "$files | xargs -P 2 -n1 sh -c 'pdftoppm -r 200 -mono \"\$0\" \"$b/res/\$(basename \"\$0\" .pdf)\"'")
zip=$(wc -c <"$b/keep/WR-2026-0042.zip")

row() { echo "$1 $2 $pages" | awk '{ printf "  %-34s %8.3f s %7.1f pages/s\n", $1, $2, $3 / $2 }'; }
echo "lakwerk run end to end: $docs documents, $pages pages, best of $rounds"
row "lakwerk-run,-j1" "$r1"
row "lakwerk-run,-j2" "$r2"
row "lakwerk-run,-j2,--no-review" "$rn"
row "pdftotext,per-file" "$pt"
row "pdftoppm-r200-mono,serial" "$pp1"
row "pdftoppm-r200-mono,-j2" "$pp2"
echo "$r1 $r2" | awk '{ printf "speed-up -j2 over -j1: %.2f (goal 1.8)\n", $1 / $2 }'
echo "$r1 $pp1 $r2 $pp2" | awk '{ printf "ratio lakwerk run / pdftoppm (time): -j1 %.2f, -j2 %.2f\n", $1 / $2, $3 / $4 }'
echo "$pk $r1" | awk '{ printf "packaging alone (all documents cached): %.3f s, %.0f%% of the -j1 run\n", $1, 100 * $1 / $2 }'
echo "$rn $r2" | awk '{ printf "the review report: %.3f s, %.0f%% of the -j2 run\n", $2 - $1, 100 * ($2 - $1) / $2 }'
echo "archive: $zip bytes; review report: $(du -sb "$b/keep/review" | cut -f1) bytes"
