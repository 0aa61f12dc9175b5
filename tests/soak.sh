#!/bin/sh
# Hostile-PDF soak of lakwerk run: the sample PDFs mutated (pdfgen mutate:
# bytes changed, or the file cut short) into N variants, all in one
# request, run with worker isolation and per-document limits. Checks:
#   - lakwerk run exits 0 or 1 (never a crash of the main process), within
#     the time the per-document limits allow;
#   - every document is either done or failed with a reason (audit/run.log);
#   - nothing half-written: no temporary files, and no release while a
#     document failed;
#   - every redacted PDF (each one the release would carry) passes
#     lakwerk verify with the request's rules;
#   - a request of the documents that were done is released from the same
#     work folder without redoing them, and the release verifies.
#
#   tests/soak.sh [-n N] [-j JOBS] [-s FIRST_SEED] OUTDIR
#
# LAKWERK and PDFGEN name the programs (make soak sets them). N defaults
# to 2000 (about 5 minutes on 2 cores); tests/cli/t4200-run-hostile.sh runs
# 40 of them in every CI run. Exit 0 when every check held.
set -u

n=2000 jobs=2 seed0=1
while getopts n:j:s: o; do
	case $o in
	n) n=$OPTARG ;;
	j) jobs=$OPTARG ;;
	s) seed0=$OPTARG ;;
	*) echo "usage: $0 [-n N] [-j JOBS] [-s FIRST_SEED] OUTDIR" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
out=${1:?usage: soak.sh [-n N] [-j JOBS] [-s FIRST_SEED] OUTDIR}
: "${LAKWERK:?set LAKWERK}" "${PDFGEN:?set PDFGEN}"
src=${LAK_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
export SOURCE_DATE_EPOCH=1786708800
problems=0
problem() {
	echo "soak: PROBLEM: $*" >&2
	problems=$((problems + 1))
}

rm -rf "$out" && mkdir -p "$out" || exit 2
req=$out/request
"$LAKWERK" init "$req" >/dev/null || exit 2
rm -f "$req"/documenten/* "$req/inventaris.csv"
# variants of the four sample PDFs, one inventory row each, judged as the
# unmutated sample is (a variant whose text changed may then disagree
# with its judgement: it fails with that reason, which is an answer too)
samples="nota-subsidie-dijkversterking email-dijkversterking kamerbrief-waterberging antwoorden-kamervragen-2026Z04512"
judge() {
	case $1 in
	kamerbrief-* | antwoorden-*) echo openbaar ;;
	*) echo "deels openbaar" ;;
	esac
}
{
	echo "ID,Document,Datum,Omschrijving,Beoordeling,Beoordelingsgrond,Toelichting,Publieke link"
	i=0
	while [ $i -lt "$n" ]; do
		for s in $samples; do
			[ $i -lt "$n" ] || break
			seed=$((seed0 + i))
			id=$(printf 'V%05d' "$i")
			"$PDFGEN" mutate "$src/samples/$s.pdf" "$req/documenten/$id.pdf" "$seed" ||
			    exit 2
			echo "$id,$id.pdf,2026-03-01,$s seed $seed,$(judge "$s"),,,"
			i=$((i + 1))
		done
	done
} >"$req/inventaris.csv" || exit 2

# --- the run -------------------------------------------------------------------
t0=$(date +%s)
"$LAKWERK" run "$req" --out "$out/out" -j "$jobs" --max-seconds 20 \
    >"$out/run.out" 2>"$out/run.err"
rc=$?
t1=$(date +%s)
case $rc in
0 | 1) ;;
*) problem "lakwerk run exited $rc (crash of the main process?)"; tail -5 "$out/run.err" >&2 ;;
esac
log=$out/run1.log
cp "$out/out/audit/run.log" "$log" 2>/dev/null || problem "no audit/run.log"
done_n=$(grep -c '	released$' "$log")
failed_n=$(grep -c '	FAILED$' "$log")
notdone=$(grep -c '	not done$' "$log")
[ "$notdone" -eq 0 ] || problem "$notdone documents neither done nor failed"
[ $((done_n + failed_n)) -eq "$n" ] ||
    problem "$done_n done + $failed_n failed is not $n"
# every failure has its reason (the line after it)
awk -F'\t' '$3 == "FAILED" { getline r; if (r !~ /^\t./) { print $1; bad = 1 } } END { exit bad }' \
    "$log" >"$out/noreason" || problem "failures without a reason: $(head -3 "$out/noreason")"
# nothing half-written; no release unless every document was done
left=$(find "$out/out" -name '*.tmp-*' -o -name '.*.tmp' | head -3)
[ -z "$left" ] || problem "temporary files left: $left"
if [ "$failed_n" -gt 0 ] && [ -e "$out/out/WR-2026-0042.zip" ]; then
	problem "a release although $failed_n documents failed"
fi
# the limits: no document may hang the run (each has 2 x 20 + 10 s of wall
# time, and there are $jobs workers)
limit=$(( (n * 50) / jobs + 60 ))
[ $((t1 - t0)) -le $limit ] || problem "the run took $((t1 - t0)) s (limit $limit s)"

# --- every redacted PDF passes lakwerk verify ---------------------------------------
verified=0
for pdf in "$out"/out/.lakwerk-work/V*.pdf; do
	[ -e "$pdf" ] || continue
	if "$LAKWERK" verify --rules "$req/rules/request.rules" "$pdf" >"$out/v.out" 2>&1; then
		verified=$((verified + 1))
	else
		problem "$(basename "$pdf") fails verify: $(head -2 "$out/v.out" | tr '\n' ' ')"
	fi
done

# --- the documents that were done, released from the same work folder ---------
awk -F, 'NR == FNR { if ($0 ~ /\treleased$/) ok[substr($0, 1, index($0, "\t") - 1)] = 1; next }
    FNR == 1 || ok[$1]' "$log" "$req/inventaris.csv" >"$out/inv.csv"
cp "$out/inv.csv" "$req/inventaris.csv"
for f in "$req"/documenten/V*.pdf; do
	id=$(basename "$f" .pdf)
	grep -q "^$id," "$req/inventaris.csv" || rm -f "$f"
done
released=no
if [ "$done_n" -gt 0 ]; then
	if "$LAKWERK" run "$req" --out "$out/out" -j "$jobs" --max-seconds 20 \
	    >"$out/run2.out" 2>"$out/run2.err"; then
		grep -q "($done_n reused" "$out/run2.err" ||
		    problem "the second run redid documents: $(grep reused "$out/run2.err")"
		if "$LAKWERK" verify --rules "$req/rules/request.rules" \
		    "$out/out/WR-2026-0042.zip" >"$out/v.out" 2>&1; then
			released=yes
		else
			problem "the release fails verify: $(head -3 "$out/v.out")"
		fi
	else
		problem "the run of the $done_n done documents failed: $(tail -3 "$out/run2.err")"
	fi
fi

echo "soak: $n variants (seeds $seed0-$((seed0 + n - 1))), run exit $rc in $((t1 - t0)) s: $done_n done, $failed_n failed with a reason; $verified redacted PDFs verified; release of the done ones: $released; $problems problems"
echo "soak: reasons for failing, by count:"
awk -F'\t' '$3 == "FAILED" { getline r; sub(/^\t/, "", r); sub(/^[^ ]*V[0-9]*\.pdf: /, "", r); sub(/ \(.*|: .*/, "", r); c[r]++ } END { for (k in c) printf "  %5d  %s\n", c[k], k }' "$log" |
    sort -rn | head -12
[ "$problems" -eq 0 ]
