#!/bin/sh
# Benchmark on real publications: lakwerk redact (default rules, PDF
# output and verification) on the PDFs of ../shared/testdata (a
# Woo-besluit and real/: an advisory report, a Jaarplan, the
# Cybersecuritybeeld), each serially, next to MuPDF's redaction (the peer,
# bench/peer-mupdf.js, on the boxes lakwerk's plan redacted) in the same
# run; the time of reading alone (ingest with the ink accounting, what
# safety costs before any page is written) apart; KB per page of each.
#
#   bench/real.sh OUTDIR [TESTDATA]     (make bench-real)
set -eu

out=${1:?usage: real.sh OUTDIR [TESTDATA]}
data=${2:-$(cd "$(dirname "$0")/../.." && pwd)/shared/testdata}
rounds=${BENCH_ROUNDS:-3}
r=$out/real
res=$r/res
rm -rf "$r" && mkdir -p "$r/keep" "$r/boxes" "$r/peer"
command -v mutool >/dev/null || { echo "bench: mutool (mupdf-tools) not found" >&2; exit 1; }
[ -x /usr/bin/python3 ] || { echo "bench: /usr/bin/python3 not found" >&2; exit 1; }
ls "$data"/*.pdf "$data"/real/*.pdf >"$r/files" 2>/dev/null ||
    { echo "bench: no PDFs in $data" >&2; exit 1; }
. "$(dirname "$0")/lib.sh"
js=$(cd "$(dirname "$0")" && pwd)/peer-mupdf.js
rules=$LAKWERK_DATADIR/redaction-rules/woo-default.rules
: >"$r/terms.txt"
export LAKWERK js r rules

printf '%-44s %5s %6s %9s %9s %9s %6s %8s %8s %8s\n' document pages vector \
    lakwerk read-only peer ratio "KB/p" "KB/p" "KB/p"
printf '%-44s %5s %6s %9s %9s %9s %6s %8s %8s %8s\n' "" "" "" "s" "s" "s" "" lakwerk peer input
tl=0; tp=0; tr=0; pages=0; bl=0; bp=0; bi=0
while read -r f; do
	b=$(basename "$f" .pdf)
	n=$(pdfinfo "$f" | sed -n 's/^Pages: *//p')
	"$LAKWERK" redact --rules "$rules" --out "$r/keep" "$f" >"$r/$b.log" 2>&1 ||
	    { echo "  $b: lakwerk failed: $(tail -1 "$r/$b.log")"; continue; }
	"$(dirname "$0")/plan-boxes.sh" "$r/keep/$b.plan.csv" >"$r/boxes/$b.txt"
	export f
	t1=$(best_of '"$LAKWERK" redact --rules "$rules" --out "$r/res" "$f"')
	t2=$(best_of '"$LAKWERK" extract --format summary "$f"')
	t3=$(best_of 'mutool run "$js" "$r/res" "$r/boxes" "$r/terms.txt" "$f"')
	mutool run "$js" "$r/peer" "$r/boxes" "$r/terms.txt" "$f"
	sl=$(wc -c <"$r/keep/$b.pdf"); sp=$(wc -c <"$r/peer/$b.pdf"); si=$(wc -c <"$f")
	# pages released as pixels carry one CCITT or grey page image
	nv=$((n - $(pdfimages -list "$r/keep/$b.pdf" | awk 'NR > 2 && ($9 == "ccitt" || ($9 == "jpeg" && $13 == 100 && $14 == 100)) { print $1 }' | sort -u | wc -l)))
	echo "$b $n $nv $t1 $t2 $t3 $sl $sp $si" | awk '{ printf "%-44s %5d %6d %9.3f %9.3f %9.3f %6.2f %8.1f %8.1f %8.1f\n", substr($1, 1, 44), $2, $3, $4, $5, $6, $4 / $6, $7 / 1024 / $2, $8 / 1024 / $2, $9 / 1024 / $2 }'
	tl=$(echo "$tl $t1" | awk '{ print $1 + $2 }'); tr=$(echo "$tr $t2" | awk '{ print $1 + $2 }')
	tp=$(echo "$tp $t3" | awk '{ print $1 + $2 }'); pages=$((pages + n))
	bl=$((bl + sl)); bp=$((bp + sp)); bi=$((bi + si))
done <"$r/files"
echo "$tl $tr $tp $pages $bl $bp $bi" | awk '{
	printf "all: %d pages; lakwerk %.3f s, of which reading (with the ink accounting) %.3f s; peer %.3f s\n", $4, $1, $2, $3
	printf "ratio lakwerk / peer (time): %.2f (goal <= 2.0); without the reading: %.2f\n", $1 / $3, ($1 - $2) / $3
	printf "KB per page: lakwerk %.1f, peer %.1f, input %.1f; ratio lakwerk / peer %.2f (goal <= 1.2)\n", $5 / 1024 / $4, $6 / 1024 / $4, $7 / 1024 / $4, $5 / $6 }'
