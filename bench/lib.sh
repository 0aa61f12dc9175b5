# Sourced by the bench scripts. They set $rounds and $res (a scratch
# folder, emptied before every round).

now() { date +%s.%N; }

# best_of CMD: run it $rounds times, print the shortest wall time.
best_of() {
	best=
	i=0
	while [ "$i" -lt "$rounds" ]; do
		rm -rf "$res"
		mkdir -p "$res"
		t0=$(now)
		sh -c "$1" >/dev/null 2>&1
		t1=$(now)
		t=$(echo "$t1 $t0" | awk '{ printf "%.3f", $1 - $2 }')
		if [ -z "$best" ] || [ "$(echo "$t $best" | awk '{ print ($1 < $2) }')" = 1 ]; then
			best=$t
		fi
		i=$((i + 1))
	done
	echo "$best"
}

# bench_request CORPUS REQ SCRATCH: a request folder REQ of the corpus's
# PDFs, with the sample's decision data, the default rules and three
# more, and judgements that agree with the rules (deels openbaar where
# they redact).
bench_request() {
	mkdir -p "$2/rules" "$2/documenten" "$3/plans"
	cp "$LAKWERK_DATADIR/samples/request/request.txt" "$2/"
	cp "$LAKWERK_DATADIR/redaction-rules/woo-default.rules" "$2/rules/"
	cat >"$2/rules/bench.rules" <<RULES
5.1.2e term "Kamer"
5.1.2e term "minister"
5.2.1  regex /persoonlijke beleidsopvattingen/i
RULES
	cp "$1"/*.pdf "$2/documenten/"
	"$LAKWERK" redact --no-pdf --rules "$2/rules/woo-default.rules" \
	    --rules "$2/rules/bench.rules" --out "$3/plans" \
	    "$2"/documenten/*.pdf >"$3/stats.txt"
	{
		echo "ID,Document,Datum,Omschrijving,Beoordeling,Beoordelingsgrond"
		n=0
		while IFS= read -r line; do
			n=$((n + 1))
			f=$(basename "${line%%:*}")
			case $line in
			*": 0 spans"*) j="openbaar" ;;
			*) j="deels openbaar" ;;
			esac
			echo "$(printf '%04d' $n),$f,2026-03-01,Benchdocument $n,$j,"
		done <"$3/stats.txt"
	} >"$2/inventaris.csv"
}

# bench_pages FILE...: their pages, in all
bench_pages() {
	"$LAKWERK" extract --format summary --probe-dpi 0 "$@" |
	    sed -n 's/.*, \([0-9]*\) pages*,.*/\1/p' | awk '{ s += $1 } END { print s }'
}
