#!/bin/sh
# The library's stages, lowest first; a stage includes only headers of its
# own and of lower stages, nothing in the library reaches the CLI, an
# internal header (*-int.h) stays inside the library, and the CLI leaves
# processes and limits to the library (lib/run/pool.h).
. "${LAK_SRCDIR:-.}/tests/cli/lib.sh"

STAGES="base model ingest redact pdf review render release run"
lib=$LAK_SRCDIR/src/lib

rank() {
	n=0
	for s in $STAGES; do
		[ "$s" = "$1" ] && { echo $n; return; }
		n=$((n + 1))
	done
	echo 99
}

# every library file is in a stage folder
ls "$lib" | while read -r f; do
	[ -d "$lib/$f" ] || echo "src/lib/$f"
	[ "$(rank "$f")" -lt 99 ] || echo "src/lib/$f/ (not a stage)"
done >"$TMP/stray"
if [ -s "$TMP/stray" ]; then
	fail "files or folders outside the stages: $(tr '\n' ' ' <"$TMP/stray")"
else
	ok
fi

# a lower stage never includes a higher one; includes name their stage
: >"$TMP/bad"
for s in $STAGES; do
	r=$(rank "$s")
	for f in "$lib/$s"/*.[ch]; do
		grep -n '^#include "' "$f" | while IFS= read -r line; do
			inc=$(printf '%s\n' "$line" | sed 's/^[0-9]*:#include "\([^"]*\)".*/\1/')
			case $inc in
			config.h) ;;
			lib/*/*)
				t=${inc#lib/}; t=${t%%/*}
				[ "$(rank "$t")" -le "$r" ] ||
				    echo "src/lib/$s/${f##*/}: $line (stage $t is above $s)" ;;
			*) echo "src/lib/$s/${f##*/}: $line (not lib/STAGE/...)" ;;
			esac
		done
	done
done >>"$TMP/bad"
if [ -s "$TMP/bad" ]; then
	fail "includes against the layering:"
	sed 's/^/  /' "$TMP/bad" >&2
else
	ok
fi

# the library never reaches the CLI
if grep -rn -e '#include "cli.h"' -e '#include "cli/' -e 'cli_[a-z_]*(' \
    --include='*.[ch]' "$lib" >"$TMP/hits"; then
	fail "the library refers to the CLI:"
	sed 's/^/  /' "$TMP/hits" >&2
else
	ok
fi

# internal headers stay in the library
if grep -rn '#include "lib/[a-z]*/[a-z-]*-int\.h"' "$LAK_SRCDIR/src/cli" \
    "$LAK_SRCDIR/tests" >"$TMP/hits"; then
	fail "internal headers used outside the library:"
	sed 's/^/  /' "$TMP/hits" >&2
else
	ok
fi

# processes, waits and limits are the pool's
if grep -nwE 'fork|waitpid|wait|setrlimit|prctl|alarm' \
    "$LAK_SRCDIR"/src/cli/*.c >"$TMP/hits"; then
	fail "src/cli manages processes:"
	sed 's/^/  /' "$TMP/hits" >&2
else
	ok
fi

# the check itself works: a planted upward include is caught
mkdir -p "$TMP/lib/base"
printf '#include "lib/run/run.h"\n' >"$TMP/lib/base/x.c"
inc=$(sed -n 's/^#include "lib\/\([^/]*\)\/.*/\1/p' "$TMP/lib/base/x.c")
[ "$(rank "$inc")" -gt "$(rank base)" ] && ok ||
    fail "rank() does not order run above base"
done_testing
