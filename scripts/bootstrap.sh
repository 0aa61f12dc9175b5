#!/bin/sh
# Set up lakwerk on a Debian 12 machine and run one job.
#
#   scripts/bootstrap.sh demo    install what is missing, build, run the
#                                main job on samples/
#   scripts/bootstrap.sh check   install what is missing, build, make check
#   scripts/bootstrap.sh deps    only install what is missing (with the
#                                tests': chromium, playwright-core, Slurm)
#   scripts/bootstrap.sh install install what is missing, build, make
#                                install (the container image's way)
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
libpcre2-dev libminizip-dev libpng-dev libssl-dev
libgmime-3.0-dev libgsf-1-dev libtiff-dev libjpeg-dev
libreoffice-writer-nogui libreoffice-calc-nogui libreoffice-impress-nogui
libtesseract-dev tesseract-ocr tesseract-ocr-nld tesseract-ocr-eng
zlib1g-dev libcmocka-dev libjson-glib-dev poppler-utils qpdf
fonts-dejavu-core libxml2-utils clang"

# What some tests need besides; where they cannot be installed those tests
# skip and say why. The review report's browser test: Debian's Chromium,
# Node.js (Debian's, when there is none) and playwright-core from npm
# (tests/browser/package.json). The sharded-run test: a single-node Slurm
# cluster (slurm-wlm, munge). The Kubernetes examples' check: python3-yaml.
# The two-page TIFF of the families' test: tiffcp (libtiff-tools).
# `demo` does not need them. (LibreOffice is in PACKAGES: Office files
# are read through it, and the sample request has a .docx.)
TEST_PACKAGES="chromium slurm-wlm munge python3-yaml libtiff-tools"

say() { printf 'bootstrap: %s\n' "$*" >&2; }

# missing_of PACKAGE...: those not installed
missing_of() {
	for p in "$@"; do
		if ! dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
		    grep -q 'install ok installed'; then
			printf ' %s' "$p"
		fi
	done
}

# apt_install PACKAGE...: install them (as root, or through sudo)
apt_install() {
	say "installing:$*"
	if [ "$(id -u)" -eq 0 ]; then
		sudo=
	elif command -v sudo >/dev/null 2>&1; then
		sudo=sudo
	else
		say "not root and no sudo: install these packages first: $*"
		return 1
	fi
	$sudo apt-get update -q &&
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q \
	    --no-install-recommends "$@"
}

install_deps() {
	# shellcheck disable=SC2086
	missing=$(missing_of $PACKAGES)
	# shellcheck disable=SC2086
	[ -z "$missing" ] || apt_install $missing || exit 1
}

# The browser test's packages: where they cannot be installed, the test
# is skipped (and says why) instead of failing the set-up.
install_test_deps() {
	# shellcheck disable=SC2086
	missing=$(missing_of $TEST_PACKAGES)
	command -v node >/dev/null 2>&1 || missing="$missing nodejs"
	command -v npm >/dev/null 2>&1 || missing="$missing npm"
	# shellcheck disable=SC2086
	[ -z "$missing" ] || apt_install $missing ||
		say "could not install$missing: the tests that need them will be skipped"
	install_node_deps
}

# playwright-core into tests/browser/node_modules (from the npm registry);
# without it the browser test is skipped, and says why.
install_node_deps() {
	[ -f "$top/tests/browser/node_modules/playwright-core/package.json" ] &&
		return 0
	if ! command -v npm >/dev/null 2>&1; then
		say "no npm: the browser test will be skipped"
		return 0
	fi
	say "npm install (tests/browser: playwright-core)"
	(cd "$top/tests/browser" && npm install --no-audit --no-fund \
	    --no-package-lock --loglevel=error) ||
		say "npm install failed: the browser test will be skipped"
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
	install_test_deps
	;;
demo)
	install_deps
	build
	make demo
	;;
install)
	install_deps
	build
	make install
	;;
check)
	install_deps
	install_test_deps
	build
	make -j"$(nproc)" check
	;;
*)
	echo "usage: $0 demo|check|deps|install" >&2
	exit 2
	;;
esac
