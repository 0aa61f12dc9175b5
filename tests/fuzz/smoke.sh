#!/bin/sh
# make fuzz-smoke: every libFuzzer target for SECONDS from the seeds in the
# source tree (new inputs go to BUILD/fuzz-corpus/TARGET, kept between
# runs), then once over its regression inputs in tests/data/fuzz/TARGET/.
# Prints libFuzzer's final stats (executions, coverage); fails on the
# first crash, leak, timeout or sanitizer report.
#
#   smoke.sh BUILD_DIR SECONDS       (LAK_SRCDIR: the source tree)
set -eu
build=${1:?usage: smoke.sh BUILD_DIR SECONDS}
secs=${2:-60}
src=${LAK_SRCDIR:?}
export LSAN_OPTIONS="suppressions=$src/tests/lsan.supp:print_suppressions=0"
export ASAN_OPTIONS="abort_on_error=1:detect_leaks=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"

seeds() {
	case $1 in
	fuzz-rules) echo "$src/redaction-rules $src/samples/rules $src/samples/request/rules $src/tests/data/redact" ;;
	fuzz-template) echo "$src/templates" ;;
	fuzz-source) echo "$src/samples/render $src/samples/request" ;;
	fuzz-inventory) echo "$src/tests/data/inventory $src/samples/request" ;;
	fuzz-pdf) echo "$src/samples $src/tests/data/ingest" ;;
	fuzz-plan) echo "$src/tests/fuzz/seeds/fuzz-plan" ;;
	fuzz-manifest) echo "$src/tests/fuzz/seeds/fuzz-manifest" ;;
	fuzz-result) echo "$src/tests/fuzz/seeds/fuzz-result" ;;
	fuzz-formats) echo "$src/tests/fuzz/seeds/fuzz-formats" ;;
	# the samples cairo wrote (pdfgen) and the others, to be refused
	fuzz-cairopdf) echo "$src/samples" ;;
	esac
}

status=0
for t in fuzz-rules fuzz-template fuzz-source fuzz-inventory fuzz-plan \
    fuzz-manifest fuzz-result fuzz-pdf fuzz-formats fuzz-cairopdf; do
	bin=$build/tests/fuzz/$t
	corpus=$build/fuzz-corpus/$t
	mkdir -p "$corpus" "$build/fuzz-crashes"
	echo "== $t, $secs s"
	# shellcheck disable=SC2046
	if ! "$bin" -max_total_time="$secs" -timeout=30 -rss_limit_mb=3072 \
	    -max_len=1048576 -print_final_stats=1 \
	    -artifact_prefix="$build/fuzz-crashes/$t-" \
	    "$corpus" $(seeds $t) >"$build/fuzz-$t.log" 2>&1; then
		echo "fuzz-smoke: $t found a problem; the input is in $build/fuzz-crashes/:" >&2
		tail -40 "$build/fuzz-$t.log" >&2
		status=1
	fi
	grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)|(DONE|INITED) +cov:' \
	    "$build/fuzz-$t.log" | tail -5 || true
	if [ -d "$src/tests/data/fuzz/$t" ]; then
		if ! "$bin" "$src"/tests/data/fuzz/$t/* >"$build/fuzz-$t-regress.log" 2>&1; then
			echo "fuzz-smoke: $t: a regression input fails again" >&2
			tail -20 "$build/fuzz-$t-regress.log" >&2
			status=1
		fi
	fi
done
exit $status
