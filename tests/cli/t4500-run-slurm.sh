#!/bin/sh
# A sharded run on a real (single-node) Slurm cluster, through the scripts
# in examples/slurm/: the sample request as a 4-task job array and the
# package job that depends on it; the archive byte for byte the same as one
# machine's run. A task that fails keeps the package job from running (no
# release). Every daemon started is stopped. Skips, with the reason, where
# Slurm is not installed.
. "${LAK_SRCDIR:-.}/tests/cli/lib.sh"
. "$LAK_SRCDIR/tests/tools/slurm-cluster.sh"

why=$(slurm_usable) || skip_all "$why"
# the binary the jobs run, and what it needs, from this environment
# (sbatch passes the environment on)
LAKWERK_DATADIR=${LAKWERK_DATADIR:-$LAK_SRCDIR}
export LAKWERK LAKWERK_DATADIR
export SOURCE_DATE_EPOCH=1786708800
C=$TMP/slurm
trap 'slurm_stop "$C"; rm -rf "$TMP"' EXIT
trap 'exit 1' INT TERM

REQ=$TMP/req
KEY=$TMP/audit.key
expect_exit 0 "$LAKWERK" init "$REQ"
chmod -R a-w "$REQ"	# (root writes anyway: checked by its listing)
listing() { (cd "$REQ" && find . -type f -exec sha256sum {} + | sort); }
listing >"$TMP/req.before"
expect_exit 0 "$LAKWERK" run "$REQ" --out "$TMP/one" --work "$TMP/one-work" \
    --key "$KEY" -j 2

slurm_start "$C" >"$TMP/slurm-start" 2>&1 ||
    { cat "$TMP/slurm-start" >&2; fail "the Slurm cluster did not start"; done_testing; }
ok
SUBMIT=$LAK_SRCDIR/examples/slurm/submit.sh

# --- a task that fails: the package job never runs --------------------------
victim=0003
# (under AddressSanitizer the signal must kill the worker, as without)
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}handle_segv=0" \
CPUS=1 LAKWERK_TEST_CRASH=$victim "$SUBMIT" "$REQ" "$TMP/work" "$TMP/bad" 4 "$KEY" \
    >"$TMP/jobs" 2>"$TMP/err" && ok || { fail "submit.sh"; cat "$TMP/err" >&2; }
read -r array package <"$TMP/jobs"
slurm_wait "$array" "$package" && ok || fail "the jobs did not end in 600 s"
if [ -e "$TMP/bad" ]; then fail "a release without every shard"; else ok; fi
grep -l "^failed $victim the worker was killed by signal 11" "$TMP"/work/shards/*-of-4 \
    >"$TMP/failed-in" 2>/dev/null
expect_lines 1 "$TMP/failed-in"
expect_grep '^state incomplete$' "$(cat "$TMP/failed-in")"

# --- the array again, and the package job ----------------------------------
CPUS=1 "$SUBMIT" "$REQ" "$TMP/work" "$TMP/rel" 4 "$KEY" >"$TMP/jobs" 2>"$TMP/err" &&
    ok || { fail "submit.sh"; cat "$TMP/err" >&2; }
read -r array package <"$TMP/jobs"
slurm_wait "$array" "$package" && ok || fail "the jobs did not end in 600 s"
for i in 0 1 2 3; do
	expect_grep '^state done$' "$TMP/work/shards/$i-of-4"
done
# each task ran its own shard, and every document was done by one
cat "$TMP"/work/shard-*.out >"$TMP/shards.out" 2>/dev/null
for i in 0 1 2 3; do
	expect_grep "run: shard $i of 4:" "$TMP/shards.out"
done
expect_grep 'package: release' "$(ls "$TMP"/work/package-*.out | tail -1)"
expect_same "$TMP/one/WR-2026-0042.zip" "$TMP/rel/WR-2026-0042.zip"
listing >"$TMP/req.after"
expect_same "$TMP/req.before" "$TMP/req.after"

# --- the daemons are gone ---------------------------------------------------
pids=$(cat "$C/slurmd.pid" "$C/slurmctld.pid" "$C/munge/munged.pid")
expect_exit 0 test -n "$pids"
slurm_stop "$C"
for pid in $pids; do
	if kill -0 "$pid" 2>/dev/null; then fail "still running: $pid"; else ok; fi
done
chmod -R u+w "$REQ"
done_testing
