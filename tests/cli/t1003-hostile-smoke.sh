#!/bin/sh
# Hostile PDFs, a small fixed set for every CI run: the sample PDFs with
# bytes changed or cut short (pdfgen mutate, seeds 1-15). lakwerk extract
# and redact must exit 0 or 1 (never crash or hang: under the sanitizer
# build any memory error aborts), a failed document leaves no output, and
# every PDF that is released passes lakwerk verify. The full soak is the
# hardening issue's.
. "${LAK_SRCDIR:-.}/tests/cli/lib.sh"

S=$LAK_SRCDIR/samples
n=0 released=0 failed=0
for src in "$S"/*.pdf; do
	b=$(basename "$src" .pdf)
	seed=1
	while [ $seed -le 15 ]; do
		f=$TMP/$b-$seed.pdf
		"$PDFGEN" mutate "$src" "$f" "$seed" || fail "pdfgen mutate"
		"$LAKWERK" extract --format summary "$f" >/dev/null 2>"$TMP/err"
		rc=$?
		[ $rc -le 1 ] && ok || fail "extract $b seed $seed: exit $rc"
		mkdir -p "$TMP/out-$b-$seed"
		"$LAKWERK" redact --rules "$S/rules/samples.rules" \
		    --out "$TMP/out-$b-$seed" "$f" >/dev/null 2>"$TMP/err"
		rc=$?
		n=$((n + 1))
		case $rc in
		0)
			released=$((released + 1))
			"$LAKWERK" verify --rules "$S/rules/samples.rules" \
			    "$TMP/out-$b-$seed/$b-$seed.pdf" >"$TMP/v" 2>&1 && ok ||
			    fail "$b seed $seed: released PDF fails verify: $(head -3 "$TMP/v")"
			;;
		1)
			failed=$((failed + 1))
			if [ -n "$(ls -A "$TMP/out-$b-$seed")" ]; then
				fail "$b seed $seed: failed but wrote $(ls "$TMP/out-$b-$seed")"
			else
				ok
			fi
			expect_grep "^lakwerk: redact: .*$b-$seed.pdf: " "$TMP/err"
			;;
		*)
			fail "redact $b seed $seed: exit $rc"
			;;
		esac
		rm -f "$f"
		seed=$((seed + 1))
	done
done
printf 'hostile smoke: %d mutated PDFs, %d released and verified, %d refused cleanly\n' \
    "$n" "$released" "$failed"
done_testing
