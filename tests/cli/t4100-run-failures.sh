#!/bin/sh
# lakwerk run when the world around it fails: a full disk (a file-size
# limit), an output folder that cannot be written, SIGTERM part-way (a
# clean stop that resumes), a corrupt resume state. Each gives the
# documented exit code and a clear message, and leaves nothing that looks
# complete but is not: no archive, no release folder, no temporary files.
. "${LAK_SRCDIR:-.}/tests/cli/lib.sh"

REQ=$TMP/req
REL=WR-2026-0042
export SOURCE_DATE_EPOCH=1786708800
expect_exit 0 "$LAKWERK" init "$REQ"

# no_release OUTDIR: neither the folder nor the archive, no temporary files
no_release() {
	if [ -e "$1/$REL.zip" ] || [ -e "$1/$REL" ]; then
		fail "a release in $1 after a failed run"
	else
		ok
	fi
	left=$(find "$1" -name '*.tmp-*' -o -name '.*.tmp' | head -3)
	if [ -n "$left" ]; then fail "temporary files left: $left"; else ok; fi
}

# --- a full disk: writes fail past 16 blocks (a released page is larger) ---
(ulimit -f 16 && exec "$LAKWERK" run "$REQ" --out "$TMP/full" -j 2 -q) \
    >"$TMP/out" 2>"$TMP/err"
rc=$?
if [ "$rc" -eq 1 ]; then ok; else fail "full disk: exit $rc, expected 1"; sed 's/^/  | /' "$TMP/err" >&2; fi
# (a worker's results, or the review page images it writes first)
expect_grep 'could not be written to .*\.lakwerk-work \(disk full or not writable\?\)|\.lakwerk-work/review/.*write failed: File too large' "$TMP/err"
expect_grep 'File too large' "$TMP/err"
expect_no_grep 'signal|core dumped' "$TMP/err"
no_release "$TMP/full"
# room again: the run resumes and the release verifies
expect_exit 0 "$LAKWERK" run "$REQ" --out "$TMP/full" -j 2 -q
expect_exit 0 "$LAKWERK" verify --rules "$REQ/rules/request.rules" "$TMP/full/$REL.zip"

# a full disk while the release is put together (one document to redo,
# the archive too large): the earlier release stays as it was, folder and
# archive, and nothing new is left beside it
cp "$TMP/full/$REL.zip" "$TMP/before.zip"
cp "$TMP/full/$REL/manifest.xml" "$TMP/before-manifest.xml"
rm -f "$TMP/full/.lakwerk-work/0001.key"
# (a limit half-way between the review report's page, which fits, and
# the archive, which does not; in the blocks of this shell's ulimit -f,
# 512 bytes in dash, 1024 in bash)
idx=$(wc -c <"$TMP/full/review/index.html")
zsz=$(wc -c <"$TMP/before.zip")
[ "$idx" -lt "$zsz" ] && ok || fail "the review page ($idx bytes) is not smaller than the archive ($zsz)"
blk=$( (ulimit -f 1 && head -c 4096 /dev/zero >"$TMP/blk") 2>/dev/null; wc -c <"$TMP/blk")
lim=$(( (idx + zsz) / 2 / blk ))
echo "# review page $idx bytes, archive $zsz bytes: ulimit -f $lim (blocks of $blk)"
(ulimit -f "$lim" && exec "$LAKWERK" run "$REQ" --out "$TMP/full" -j 1 -q) \
    >"$TMP/out" 2>"$TMP/err"
rc=$?
if [ "$rc" -eq 1 ]; then ok; else fail "full disk while packaging: exit $rc, expected 1"; fi
expect_grep "$REL.zip.new.*: cannot write .*File too large" "$TMP/err"
expect_same "$TMP/before.zip" "$TMP/full/$REL.zip"
expect_same "$TMP/before-manifest.xml" "$TMP/full/$REL/manifest.xml"
left=$(find "$TMP/full" -maxdepth 1 -name '.*' ! -name .lakwerk-work ! -name . | head -3)
if [ -z "$left" ]; then ok; else fail "left beside the release: $left"; fi
expect_exit 0 "$LAKWERK" run "$REQ" --out "$TMP/full" -j 1 -q
expect_same "$TMP/before.zip" "$TMP/full/$REL.zip"

# --- an output folder that cannot be written ---------------------------------
expect_exit 1 "$LAKWERK" run "$REQ" --out /proc/lakwerk-out -q
expect_grep '/proc/lakwerk-out.*cannot create the folder' "$TMP/err"
echo x >"$TMP/afile"
expect_exit 1 "$LAKWERK" run "$REQ" --out "$TMP/afile/out" -q
expect_grep 'afile.*(Not a directory|cannot create)' "$TMP/err"
if [ "$(id -u)" -ne 0 ]; then
	mkdir "$TMP/ro" && chmod 555 "$TMP/ro"
	expect_exit 1 "$LAKWERK" run "$REQ" --out "$TMP/ro/out" -q
	expect_grep 'Permission denied' "$TMP/err"
	chmod 755 "$TMP/ro"
fi

# --- SIGTERM part-way: a clean stop, exit 143, and the next run resumes -----
LAKWERK_TEST_HANG=0005 "$LAKWERK" run "$REQ" --out "$TMP/term" -j 2 \
    >"$TMP/out" 2>"$TMP/err" &
pid=$!
i=0
while [ "$(ls "$TMP"/term/.lakwerk-work/*.key 2>/dev/null | wc -l)" -lt 3 ] && [ $i -lt 300 ]; do
	sleep 0.1
	i=$((i + 1))
done
kill -TERM "$pid"
wait "$pid"
rc=$?
if [ "$rc" -eq 143 ]; then ok; else fail "SIGTERM: exit $rc, expected 143 (128 + 15)"; fi
expect_grep 'stopped by signal 15; run again to resume' "$TMP/err"
no_release "$TMP/term"
# no worker outlives the run
sleep 0.2
if pgrep -f "lakwerk run $REQ --out $TMP/term" >/dev/null; then fail "workers left after SIGTERM"; else ok; fi
expect_exit 0 "$LAKWERK" run "$REQ" --out "$TMP/term" -j 2
# (the other worker goes on with the documents after 0005 until the
# signal: some of them, never 0005)
expect_grep '\(([3-8]) reused' "$TMP/err"

# --- a corrupt resume state ---------------------------------------------------
W=$TMP/term/.lakwerk-work
cp "$TMP/term/$REL.zip" "$TMP/good.zip"
# a released PDF altered in the work folder after its key was written
printf 'garbage' >>"$W/0001.pdf"
# a plan cut short, a key of the wrong length, stats that do not parse
head -c 100 "$W/0002.plan.csv" >"$W/x" && mv "$W/x" "$W/0002.plan.csv"
printf 'short' >"$W/0003.key"
printf 'pages many\n' >"$W/0004.stats"
# a half-written file of a worker killed mid-write
printf 'half' >"$W/0005.pdf.tmp-Ab12Cd"
expect_exit 0 "$LAKWERK" run "$REQ" --out "$TMP/term" -j 2
if [ -e "$W/0005.pdf.tmp-Ab12Cd" ]; then fail "a killed worker's temporary file is still there"; else ok; fi
expect_grep '\(5 reused' "$TMP/err"	# 0005, 0008 (and its 2), 0009 were intact
expect_same "$TMP/good.zip" "$TMP/term/$REL.zip"
# the work folder replaced by a file: a clear error, no release touched
rm -rf "$W" && echo x >"$W"
expect_exit 1 "$LAKWERK" run "$REQ" --out "$TMP/term" -q
expect_grep 'lakwerk-work.*(cannot create the folder|Not a directory)' "$TMP/err"
expect_same "$TMP/good.zip" "$TMP/term/$REL.zip"

# --- rules scoped to documents -------------------------------------------------
# a block for an ID the inventory does not have: refused before any work,
# with where it is; a right one applies to that document only, and verify
# of the release checks it there
cp -r "$REQ" "$TMP/scoped"
printf '# one document\nin 0030 {\n5.1.2e term "september"\n}\n' \
    >"$TMP/scoped/rules/scope.rules"
expect_exit 2 "$LAKWERK" run "$TMP/scoped" --out "$TMP/sc" -q
expect_grep "scope.rules:2:1: 'in 0030' matches no document of the inventory" "$TMP/err"
[ ! -e "$TMP/sc/$REL.zip" ] && ok || fail "a release after a refused scope"
expect_exit 1 "$LAKWERK" rules check --request "$TMP/scoped" "$TMP/scoped/rules/scope.rules"
expect_grep "scope.rules:2: warning: 'in 0030' matches no document" "$TMP/out"
printf 'in 0002 { 5.1.2e term "september" }\n' >"$TMP/scoped/rules/scope.rules"
expect_exit 0 "$LAKWERK" rules check --request "$TMP/scoped" "$TMP/scoped/rules/scope.rules"
expect_exit 0 "$LAKWERK" run "$TMP/scoped" --out "$TMP/sc" -j 2 -q
pdftotext "$TMP/sc/$REL/documenten/0002.pdf" "$TMP/t2"
pdftotext "$TMP/sc/$REL/documenten/0001.pdf" "$TMP/t1"
expect_no_grep '[Ss]eptember' "$TMP/t2"
expect_grep '[Ss]eptember' "$TMP/t1"
expect_exit 0 "$LAKWERK" verify --rules "$TMP/scoped/rules/request.rules" \
    --rules "$TMP/scoped/rules/scope.rules" "$TMP/sc/$REL.zip"
# the release of a run without that block has the word in 0002: verify
# with the scoped rules finds it there, and only there
expect_exit 3 "$LAKWERK" verify --rules "$TMP/scoped/rules/request.rules" \
    --rules "$TMP/scoped/rules/scope.rules" "$TMP/term/$REL.zip"
expect_grep '0002.pdf' "$TMP/out"
expect_no_grep '0001.pdf' "$TMP/out"

done_testing
