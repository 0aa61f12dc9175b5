#!/bin/sh
# Peak memory of lakwerk run as the request grows: the bench corpus copied
# into requests of 100 and 1,000 documents (the copies are new documents
# to lakwerk: each has its own ID), run with -j 2. The figure is GNU
# time's maximum resident set size, which on Linux is the largest of the
# run and its worker processes. It should stay flat: documents are done
# one at a time per worker, the archive is written entry by entry.
#
#   bench/rss.sh OUTDIR     (after extract.sh made OUTDIR/corpus-200)
set -eu

out=${1:?usage: rss.sh OUTDIR}
corpus=$out/corpus-200
[ -d "$corpus" ] || { echo "bench: no corpus in $corpus (run extract.sh first)" >&2; exit 1; }
command -v /usr/bin/time >/dev/null || { echo "bench: needs GNU time (/usr/bin/time)" >&2; exit 1; }
export SOURCE_DATE_EPOCH=1786708800

for n in ${RSS_SIZES:-100 1000}; do
	b=$out/rss-$n
	req=$b/request
	rm -rf "$b" && mkdir -p "$req/rules" "$req/documenten"
	cp "$LAKWERK_DATADIR/samples/request/request.txt" "$req/"
	# rules that redact nothing: every document is openbaar
	printf '5.1.2e term "Qxzzyqq"\n' >"$req/rules/none.rules"
	{
		echo "ID,Document,Datum,Omschrijving,Beoordeling,Beoordelingsgrond,Toelichting,Publieke link"
		i=0
		while [ $i -lt "$n" ]; do
			for f in "$corpus"/*.pdf; do
				[ $i -lt "$n" ] || break
				id=$(printf 'D%05d' $i)
				ln "$f" "$req/documenten/$id.pdf" 2>/dev/null ||
				    cp "$f" "$req/documenten/$id.pdf"
				echo "$id,$id.pdf,2026-03-01,Document $i,openbaar,,,"
				i=$((i + 1))
			done
		done
	} >"$req/inventaris.csv"
	pages=$("$LAKWERK" extract --format summary --probe-dpi 0 "$req"/documenten/*.pdf |
	    sed -n 's/.*, \([0-9]*\) pages*,.*/\1/p' | awk '{ s += $1 } END { print s }')
	/usr/bin/time -f '%M %e' -o "$b/time" "$LAKWERK" run -q -j 2 "$req" --out "$b/out"
	read -r kb secs <"$b/time"
	echo "$n $pages $kb $secs" | awk '{ printf "lakwerk run -j2, %5d documents, %5d pages: peak RSS %6.1f MB, %6.1f s\n", $1, $2, $3 / 1024, $4 }'
	rm -rf "$b"
done
