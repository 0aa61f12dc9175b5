#!/bin/sh
# Benchmark: the sharded path against one machine, in the same run, on a
# request made of the bench corpus:
#   - lakwerk run -j 2 on one machine (the reference);
#   - 2 shards x -j 1 started at once on this machine, then lakwerk
#     package (the sharded path without a scheduler);
#   - the same through a local single-node Slurm cluster: a 2-task array
#     and the package job that depends on it (examples/slurm/submit.sh),
#     from submission to the release (where Slurm can run: root, slurm-wlm);
#   - lakwerk package alone, as a share of the whole;
# and checks that every path gives the same archive bytes.
#
#   bench/shard.sh OUTDIR   (make bench-shard; the corpus from extract.sh)
set -eu

out=${1:?usage: shard.sh OUTDIR}
docs=${BENCH_DOCS:-200}
rounds=${BENCH_ROUNDS:-3}
corpus=$out/corpus-$docs
b=$out/shard
req=$b/request
key=$b/audit.key
top=$(cd "$(dirname "$0")/.." && pwd)
[ -d "$corpus" ] || { echo "bench: no corpus in $corpus (run extract.sh first)" >&2; exit 1; }
rm -rf "$b" && mkdir -p "$b"
export SOURCE_DATE_EPOCH=1786708800

res=$b/res
. "$top/bench/lib.sh"
bench_request "$corpus" "$req" "$b"
pages=$(bench_pages "$req"/documenten/*.pdf)
export LAKWERK LAKWERK_DATADIR b req key res

one=$(best_of '"$LAKWERK" run -q -j 2 "$req" --out "$res/one" --key "$key"')
"$LAKWERK" run -q -j 2 "$req" --out "$b/one" --key "$key"
local2=$(best_of '"$LAKWERK" run -q -j 1 "$req" --shard 0/2 --work "$res/w" &
	"$LAKWERK" run -q -j 1 "$req" --shard 1/2 --work "$res/w" &
	wait && "$LAKWERK" package -q "$req" --work "$res/w" --out "$res/rel" --key "$key"')
# package alone, on a complete work folder (best of the rounds)
rm -rf "$b/w" && "$LAKWERK" run -q -j 2 "$req" --shard 0/1 --work "$b/w"
pk=$(best_of '"$LAKWERK" package -q "$req" --work "$b/w" --out "$res/rel" --key "$key"')
"$LAKWERK" package -q "$req" --work "$b/w" --out "$b/rel" --key "$key"
same="the same archive bytes as one machine"
cmp -s "$b/one/WR-2026-0042.zip" "$b/rel/WR-2026-0042.zip" || same="ARCHIVES DIFFER"

slurm=
. "$top/tests/tools/slurm-cluster.sh"
if why=$(slurm_usable); then
	C=$b/slurm
	trap 'slurm_stop "$C"' EXIT
	slurm_start "$C" >"$b/slurm-start" 2>&1 || { cat "$b/slurm-start" >&2; exit 1; }
	i=0
	while [ "$i" -lt "$rounds" ]; do
		rm -rf "$res" && mkdir -p "$res"
		t0=$(now)
		CPUS=1 "$top/examples/slurm/submit.sh" "$req" "$res/w" "$res/rel" 2 "$key" >"$b/jobs"
		# shellcheck disable=SC2046
		SLURM_WAIT_FILE=$res/rel/WR-2026-0042.zip slurm_wait $(cat "$b/jobs")
		t=$(echo "$(now) $t0" | awk '{ printf "%.3f", $1 - $2 }')
		[ -s "$res/rel/WR-2026-0042.zip" ] || { echo "bench: the Slurm run made no release" >&2; exit 1; }
		cmp -s "$b/one/WR-2026-0042.zip" "$res/rel/WR-2026-0042.zip" || same="ARCHIVES DIFFER (Slurm)"
		if [ -z "$slurm" ] || [ "$(echo "$t $slurm" | awk '{ print ($1 < $2) }')" = 1 ]; then
			slurm=$t
		fi
		i=$((i + 1))
	done
	slurm_stop "$C"
	trap - EXIT
else
	echo "bench: no Slurm run: $why" >&2
fi

row() { echo "$1 $2 $pages" | awk '{ printf "  %-44s %8.3f s %7.1f pages/s\n", $1, $2, $3 / $2 }'; }
echo "sharded run: $docs documents, $pages pages, best of $rounds; $same"
row "one-machine,run,-j2" "$one"
row "2-shards-x-j1,at-once,+package" "$local2"
[ -z "$slurm" ] || row "Slurm,2-task-array-x-j1,+package-job" "$slurm"
row "package-alone" "$pk"
echo "$local2 $one" | awk '{ printf "overhead of the sharded path without a scheduler: %+.1f%% (goal < 10%%)\n", 100 * ($1 / $2 - 1) }'
[ -z "$slurm" ] ||
    echo "$slurm $one" | awk '{ printf "overhead through Slurm (submission to release): %+.1f%% (goal < 10%%)\n", 100 * ($1 / $2 - 1) }'
echo "$pk $local2" | awk '{ printf "package alone: %.0f%% of the sharded run\n", 100 * $1 / $2 }'
