#!/bin/sh
# Benchmark: lakwerk redact with PDF output and verification on the bench
# corpus, serially and with 2 jobs, next to pdftoppm rendering the same
# pages at the same dpi (the render floor) and MuPDF's redaction (the
# peer, bench/peer-mupdf.js; needs mupdf-tools), in the same run; and the
# size of the released pages beside the input's, the peer's and Flate-coded
# bitmaps.
#
#   bench/redact.sh OUTDIR     (make bench runs it after match.sh)
set -eu

out=${1:?usage: redact.sh OUTDIR}
docs=${BENCH_DOCS:-200}
rounds=${BENCH_ROUNDS:-3}
corpus=$out/corpus-$docs
r=$out/redact
mkdir -p "$r"
command -v pdftoppm >/dev/null || { echo "bench: pdftoppm not found" >&2; exit 1; }

# Rules that touch the corpus: the detectors and some of its words.
cat >"$r/bench.rules" <<RULES
include $LAKWERK_DATADIR/redaction-rules/woo-default.rules
5.1.2e term "Kamer"
5.1.2e term "minister"
5.2.1  regex /persoonlijke beleidsopvattingen/i
RULES

res=$r/res
. "$(dirname "$0")/lib.sh"
export LAKWERK r
files="ls $corpus/*.pdf"
half() { echo "$files | awk 'NR % 2 == $1' | xargs sh -c '\"\$LAKWERK\" redact --rules \"$r/bench.rules\" --out \"$r/res\" \"\$@\"' x"; }
render_half() { echo "$files | awk 'NR % 2 == $1' | xargs -n1 sh -c 'pdftoppm -r 200 -mono \"\$0\" \"$r/res/\$(basename \"\$0\" .pdf)\"'"; }

pages=$("$LAKWERK" extract --format summary --probe-dpi 0 "$corpus"/*.pdf |
    sed -n 's/.*, \([0-9]*\) pages*,.*/\1/p' | awk '{ s += $1 } END { print s }')
lr1=$(best_of "$files | xargs sh -c '\"\$LAKWERK\" redact --rules \"$r/bench.rules\" --out \"$r/res\" \"\$@\"' x")
# keep one result for the sizes and the touched pages
mkdir -p "$r/keep" && rm -f "$r/keep"/*
$files | xargs "$LAKWERK" redact --rules "$r/bench.rules" --out "$r/keep" >"$r/stats.txt"
lr2=$(best_of "( $(half 0) ) & ( $(half 1) ); wait")
pp1=$(best_of "$files | xargs -n1 sh -c 'pdftoppm -r 200 -mono \"\$0\" \"$r/res/\$(basename \"\$0\" .pdf)\"'")
pp2=$(best_of "( $(render_half 0) ) & ( $(render_half 1) ); wait")

touched=$(awk -F'; ' '{ print $1 }' "$r/stats.txt" | sed -n 's/.*, \([0-9]*\) of [0-9]* pages* touched.*/\1/p' | awk '{ s += $1 } END { print s }')
kb=$(cat "$r/keep"/*.pdf | wc -c | awk -v p="$pages" '{ printf "%.1f", $1 / 1024 / p }')
kbin=$($files | xargs cat | wc -c | awk -v p="$pages" '{ printf "%.1f", $1 / 1024 / p }')

# The peer: MuPDF's redaction (what PyMuPDF wraps), on the boxes
# lakwerk's plans redacted and the rules' literal terms (peer-mupdf.js).
peer=
if command -v mutool >/dev/null && [ -x /usr/bin/python3 ]; then
	mkdir -p "$r/boxes" "$r/peer"
	printf 'Kamer\nminister\npersoonlijke beleidsopvattingen\n' >"$r/terms.txt"
	for p in "$r/keep"/*.plan.csv; do
		"$(dirname "$0")/plan-boxes.sh" "$p" >"$r/boxes/$(basename "$p" .plan.csv).txt"
	done
	js=$(cd "$(dirname "$0")" && pwd)/peer-mupdf.js
	export js
	peer=$(best_of "$files | xargs sh -c 'mutool run \"\$js\" \"$r/res\" \"$r/boxes\" \"$r/terms.txt\" \"\$@\"' x")
	rm -f "$r/peer"/*
	$files | xargs mutool run "$js" "$r/peer" "$r/boxes" "$r/terms.txt"
	kbpeer=$(cat "$r/peer"/*.pdf | wc -c | awk -v p="$pages" '{ printf "%.1f", $1 / 1024 / p }')
fi
# The same pages as pdftoppm -mono bitmaps, each Flate-coded (what an
# image-to-PDF tool with Flate writes): the size a bilevel page has
# without G4.
kbflate=
if [ -x /usr/bin/python3 ]; then
	rm -rf "$r/pbm" && mkdir -p "$r/pbm"
	$files | head -20 | xargs -n1 sh -c 'pdftoppm -r 200 -mono "$0" "'"$r"'/pbm/$(basename "$0" .pdf)"'
	kbflate=$(/usr/bin/python3 -c '
import glob, sys, zlib
n = t = 0
for f in glob.glob(sys.argv[1] + "/*.pbm"):
    d = open(f, "rb").read()
    # P4 header: magic, width height, then the rows
    parts = d.split(b"\n", 2)
    t += len(zlib.compress(parts[2], 6))
    n += 1
print("%.1f" % (t / 1024 / n))' "$r/pbm")
fi
row() { echo "$1 $2 $pages" | awk '{ printf "  %-40s %8.3f s %7.1f pages/s\n", $1, $2, $3 / $2 }'; }
echo "redact with PDF output and verify: $docs PDFs, $pages pages ($touched with redactions), 200 dpi bilevel, best of $rounds"
row "lakwerk-redact,serial" "$lr1"
row "lakwerk-redact,-j2" "$lr2"
row "pdftoppm-r200-mono,serial" "$pp1"
row "pdftoppm-r200-mono,-j2" "$pp2"
echo "$lr1 $pp1 $lr2 $pp2" | awk '{ printf "ratio lakwerk redact / pdftoppm render floor (time): serial %.2f, -j2 %.2f\n", $1 / $2, $3 / $4 }'
if [ -n "$peer" ]; then
	row "mupdf-redact(peer),serial" "$peer"
	echo "$lr1 $peer" | awk '{ printf "ratio lakwerk redact / MuPDF peer (time, serial): %.2f (goal <= 1.0)\n", $1 / $2 }'
fi
echo "size, KB per page: lakwerk $kb (goal <= 40); input $kbin${kbpeer:+; MuPDF peer $kbpeer}${kbflate:+; pdftoppm -mono bitmaps Flate-coded $kbflate (first 20 documents)}"
