#!/bin/sh
# Set up lakwerk on a Debian 12 machine and run one job.
#
#   scripts/bootstrap.sh demo    install what is missing, build, run the
#                                main job on samples/
#   scripts/bootstrap.sh check   install what is missing, build, make check
#   scripts/bootstrap.sh deps    only install what is missing
#
# Packages are installed with apt-get (as root, or through sudo). The build
# goes to _build/ (BUILD_DIR overrides it); CONFIGURE_FLAGS are passed to
# configure.
set -eu

cd "$(dirname "$0")/.."
top=$(pwd)
build=${BUILD_DIR:-$top/_build}

# Everything the build, the tests and the demo need. Keep README.md's list
# in step with this one.
PACKAGES="build-essential autoconf automake pkg-config
libpoppler-glib-dev libcairo2-dev libpango1.0-dev libglib2.0-dev libxml2-dev
libpcre2-dev libminizip-dev
zlib1g-dev libcmocka-dev libjson-glib-dev poppler-utils qpdf
fonts-dejavu-core libxml2-utils clang"

say() { printf 'bootstrap: %s\n' "$*" >&2; }

install_deps() {
	missing=
	for p in $PACKAGES; do
		if ! dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
		    grep -q 'install ok installed'; then
			missing="$missing $p"
		fi
	done
	[ -z "$missing" ] && return 0
	say "installing:$missing"
	if [ "$(id -u)" -eq 0 ]; then
		sudo=
	elif command -v sudo >/dev/null 2>&1; then
		sudo=sudo
	else
		say "not root and no sudo: install these packages first:$missing"
		exit 1
	fi
	$sudo apt-get update -q
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q \
	    --no-install-recommends $missing
}

build() {
	if [ ! -x "$top/configure" ] || [ "$top/configure.ac" -nt "$top/configure" ] ||
	    [ "$top/Makefile.am" -nt "$top/Makefile.in" ]; then
		say "autoreconf -fi"
		(cd "$top" && autoreconf -fi)
	fi
	mkdir -p "$build"
	cd "$build"
	if [ ! -f Makefile ] || [ "$top/configure" -nt Makefile ]; then
		say "configure ${CONFIGURE_FLAGS:-}"
		# CONFIGURE_FLAGS is shell words: CFLAGS='-O1 -g' ...
		eval "\"\$top/configure\" ${CONFIGURE_FLAGS:-}"
	fi
	make -j"$(nproc)"
}

case "${1:-}" in
deps)
	install_deps
	;;
demo)
	install_deps
	build
	make demo
	;;
check)
	install_deps
	build
	make -j"$(nproc)" check
	;;
*)
	echo "usage: $0 demo|check|deps" >&2
	exit 2
	;;
esac
