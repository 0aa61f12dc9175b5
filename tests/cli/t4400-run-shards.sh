#!/bin/sh
# lakwerk run --shard and lakwerk package: the sample request split over
# three shards that run at once on one work folder, then packaged: the
# same archive, byte for byte, as one machine's run; nothing written to the
# request folder; the split as documented; what is missing is named, with
# its shard, and nothing released; a shard leaves other shards' files in
# flight alone.
. "${LAK_SRCDIR:-.}/tests/cli/lib.sh"

REQ=$TMP/req
W=$TMP/work
KEY=$TMP/keys/audit.key
export SOURCE_DATE_EPOCH=1786708800

expect_exit 0 "$LAKWERK" init "$REQ"
mkdir -p "$TMP/keys"
# the request folder as a document system exports it: nothing may change
listing() { (cd "$REQ" && find . -type f -exec sha256sum {} + | sort); }
listing >"$TMP/req.before"

# one machine, as the reference
expect_exit 0 "$LAKWERK" run "$REQ" --out "$TMP/one" --work "$TMP/one-work" \
    --key "$KEY" -j 2
expect_grep "made $KEY" "$TMP/err"
if [ -e "$TMP/one/.lakwerk-work" ]; then fail "--work not used"; else ok; fi

# --- the split, as documented: the documents to release (0001 to 0005,
# 0008 with its attachments 0008-1 and 0008-2, 0009) ordered by the
# SHA-256 of their IDs, dealt out in turn ----------------------------------
for id in 0001 0002 0003 0004 0005 0008 0008-1 0008-2 0009; do
	printf '%s %s\n' "$(printf %s "$id" | sha256sum | cut -c1-64)" "$id"
done | sort | awk '{ print $2, (NR - 1) % 3 }' >"$TMP/split"
shard_of() { awk -v id="$1" '$1 == id { print $2 }' "$TMP/split"; }

# --- three shards at once on one work folder ------------------------------
for i in 0 1 2; do
	"$LAKWERK" run "$REQ" --shard $i/3 --work "$W" -j 1 \
	    >"$TMP/shard$i.out" 2>"$TMP/shard$i.err" &
	eval "pid$i=\$!"
done
for i in 0 1 2; do
	eval "wait \$pid$i"
	rc=$?
	if [ "$rc" -eq 0 ]; then ok; else
		fail "shard $i exited $rc"; cat "$TMP/shard$i.err" >&2
	fi
	n=$(grep -c " $i\$" "$TMP/split")
	expect_grep "shard $i of 3: $n of the 9 documents to release" \
	    "$TMP/shard$i.err"
	expect_grep '^state done$' "$W/shards/$i-of-3"
	expect_grep "^documents $n\$" "$W/shards/$i-of-3"
	expect_grep '^failed 0$' "$W/shards/$i-of-3"
done
# no shard made a key, an audit or a release
if [ -e "$REQ/audit.key" ] || [ -e "$W/audit" ] || [ -e "$W/WR-2026-0042" ]; then
	fail "a shard wrote more than its results"; else ok; fi
if ls "$W" | grep -q '\.tmp-'; then fail "temporary files left"; else ok; fi

expect_exit 0 "$LAKWERK" package "$REQ" --work "$W" --out "$TMP/pkg" --key "$KEY"
expect_grep 'package: 11 documents in the inventory, 9 to release' "$TMP/err"
expect_same "$TMP/one/WR-2026-0042.zip" "$TMP/pkg/WR-2026-0042.zip"
diff -r "$TMP/one/WR-2026-0042" "$TMP/pkg/WR-2026-0042" >"$TMP/diff" 2>&1 &&
    ok || { fail "the release folders differ"; head "$TMP/diff" >&2; }
diff -r "$TMP/one/audit" "$TMP/pkg/audit" | grep -v 'run of' |
    grep -q '^[<>]' && fail "the audit plans differ" || ok
if [ -s "$TMP/pkg/review/index.html" ]; then ok; else fail "no review report"; fi
expect_exit 0 "$LAKWERK" verify --key "$KEY" --rules "$REQ/rules/request.rules" \
    --rules "$REQ/rules/woo-default.rules" "$TMP/pkg/WR-2026-0042.zip"
listing >"$TMP/req.after"
expect_same "$TMP/req.before" "$TMP/req.after"

# --- again: everything reused; --shard auto from Slurm's and Kubernetes'
# environment ----------------------------------------------------------
expect_exit 0 env SLURM_ARRAY_TASK_ID=11 SLURM_ARRAY_TASK_MIN=10 \
    SLURM_ARRAY_TASK_COUNT=3 SLURM_ARRAY_TASK_STEP=1 \
    "$LAKWERK" run "$REQ" --shard auto --work "$W"
n=$(grep -c ' 1$' "$TMP/split")
expect_grep "shard 1 of 3: $n of the 9 documents to release \\($n reused" "$TMP/err"
expect_exit 0 env JOB_COMPLETION_INDEX=2 \
    "$LAKWERK" run "$REQ" --shard auto --shards 3 --work "$W"
expect_grep "shard 2 of 3:" "$TMP/err"
expect_exit 2 env -u SLURM_ARRAY_TASK_ID -u JOB_COMPLETION_INDEX \
    "$LAKWERK" run "$REQ" --shard auto --work "$W"
expect_grep 'neither SLURM_ARRAY_TASK_ID .* nor JOB_COMPLETION_INDEX' "$TMP/err"
expect_exit 2 env JOB_COMPLETION_INDEX=0 "$LAKWERK" run "$REQ" --shard auto --work "$W"
expect_grep 'give --shards N' "$TMP/err"
expect_exit 2 "$LAKWERK" run "$REQ" --shard 3/3 --work "$W"
expect_grep 'numbered from 0' "$TMP/err"
expect_exit 2 "$LAKWERK" run "$REQ" --shard 0/3
expect_grep 'a shard needs --work DIR' "$TMP/err"
expect_exit 2 "$LAKWERK" package "$REQ" --out "$TMP/x"
expect_grep 'give --work DIR' "$TMP/err"
expect_exit 2 "$LAKWERK" package "$REQ" --work "$W" --out "$TMP/x" --jobs 2
expect_exit 2 "$LAKWERK" run "$REQ" --shards 3 --work "$W" --out "$TMP/x"
expect_grep '--shards N goes with --shard auto' "$TMP/err"

# --- a shard leaves other shards' files in flight alone, and removes its
# own half-written ones --------------------------------------------------
mine=$(awk '$2 == 0 { print $1; exit }' "$TMP/split")
other=$(awk '$2 == 1 { print $1; exit }' "$TMP/split")
echo half >"$W/$mine.pdf.tmp-AAAAAA"
echo half >"$W/$other.pdf.tmp-BBBBBB"
expect_exit 0 "$LAKWERK" run "$REQ" --shard 0/3 --work "$W"
if [ -e "$W/$mine.pdf.tmp-AAAAAA" ]; then fail "own temporary file kept"; else ok; fi
if [ -e "$W/$other.pdf.tmp-BBBBBB" ]; then ok; else fail "another shard's file removed"; fi
rm -f "$W/$other.pdf.tmp-BBBBBB"

# --- missing results: named with their shard, nothing released -----------
victim=$(awk '$2 == 2 { print $1; exit }' "$TMP/split")
rm -f "$W/$victim.key"
expect_exit 1 "$LAKWERK" package "$REQ" --work "$W" --out "$TMP/pkg2" --key "$KEY"
expect_grep "^lakwerk: package: $victim \\(.*\\): no result of these rules, options and bytes, although shard 2 of 3 .* reports it done" "$TMP/err"
expect_grep '1 of the 9 documents to release have no result in the work folder: no release written' "$TMP/err"
if [ -e "$TMP/pkg2" ]; then fail "package made its output folder"; else ok; fi
# other options than the shards': every document missing, and said so
expect_exit 1 "$LAKWERK" package "$REQ" --work "$W" --out "$TMP/pkg2" --key "$KEY" --no-ocr
expect_grep '9 of the 9 documents' "$TMP/err"
# a worker that crashes: its shard fails, says so in its report, and the
# package step gives the reason
# (under AddressSanitizer, let the signal kill the worker as it would
# without: ASan would report it and abort)
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}handle_segv=0" \
    expect_exit 1 env LAKWERK_TEST_CRASH="$victim" "$LAKWERK" run "$REQ" \
    --shard 2/3 --work "$W"
expect_grep '^state incomplete$' "$W/shards/2-of-3"
expect_grep "^failed $victim the worker was killed by signal 11" "$W/shards/2-of-3"
expect_exit 1 "$LAKWERK" package "$REQ" --work "$W" --out "$TMP/pkg2" --key "$KEY"
expect_grep "$victim \\(.*\\): failed: the worker was killed by signal 11" "$TMP/err"
# the shard again: done, and the package step releases the same bytes
expect_exit 0 "$LAKWERK" run "$REQ" --shard 2/3 --work "$W"
expect_exit 0 "$LAKWERK" package "$REQ" --work "$W" --out "$TMP/pkg2" --key "$KEY"
expect_same "$TMP/one/WR-2026-0042.zip" "$TMP/pkg2/WR-2026-0042.zip"

# --- an output folder that cannot be made is named as given --------------
: >"$TMP/file"
expect_exit 1 "$LAKWERK" run "$REQ" --out "$TMP/file/out" --key "$KEY"
expect_grep "$TMP/file" "$TMP/err"
expect_no_grep 'lakwerk-work' "$TMP/err"

listing >"$TMP/req.after"
expect_same "$TMP/req.before" "$TMP/req.after"
done_testing
