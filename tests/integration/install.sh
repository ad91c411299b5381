#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# make install into a temporary prefix, then build and run a program
# against the installed library with pkg-config, statically and shared.
# TAP output. Runs for the release variant only (sanitizer builds would
# need the sanitizer runtime in the test program too).
set -u
V=${V:-release}
echo "1..3"
if [ "$V" != release ]; then
	for i in 1 2 3; do echo "ok $i # SKIP install test runs for V=release only"; done
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if make -s V=release install PREFIX="$tmp/prefix" > "$tmp/log" 2>&1; then
	echo "ok 1 - make install PREFIX=..."
else
	echo "not ok 1 - make install failed"; cat "$tmp/log"; exit 1
fi
cat > "$tmp/t.c" <<'C'
#include <stdio.h>
#include <string.h>
#include <sgxra/crypto.h>
int main(void) {
	struct ra_hash256 h;
	ra_sha256(&h, "abc", 3);
	printf("%02x%02x\n", h.b[0], h.b[31]);
	return !(h.b[0] == 0xba && h.b[31] == 0xad);
}
C
export PKG_CONFIG_PATH="$tmp/prefix/lib/pkgconfig"
if cc -o "$tmp/t-static" "$tmp/t.c" $(pkg-config --cflags sgxra) \
	"$tmp/prefix/lib/libsgxra.a" $(pkg-config --libs-only-other --static sgxra) \
	$(pkg-config --libs libcrypto) -lpthread && "$tmp/t-static" >/dev/null; then
	echo "ok 2 - static link against the installed libsgxra.a"
else
	echo "not ok 2 - static link or run failed"
fi
if cc -o "$tmp/t-shared" "$tmp/t.c" $(pkg-config --cflags --libs sgxra) &&
	LD_LIBRARY_PATH="$tmp/prefix/lib" "$tmp/t-shared" >/dev/null &&
	[ -x "$tmp/prefix/bin/sgxra" ] && "$tmp/prefix/bin/sgxra" version >/dev/null; then
	echo "ok 3 - shared link with pkg-config --libs sgxra; installed sgxra runs"
else
	echo "not ok 3 - shared link, run, or installed sgxra failed"
fi
