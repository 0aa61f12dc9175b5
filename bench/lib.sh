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
