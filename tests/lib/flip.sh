# SPDX-License-Identifier: BSD-3-Clause
# Sourced by integration tests. flip_byte FILE OFFSET [MASK]: XOR one byte
# of FILE in place with MASK (default 0xff), so that the byte always
# changes; writing a constant instead is a no-op whenever the file already
# holds it there (keys, signatures and fuses are random: a 1-in-256 flake).
flip_byte() {
	local f=$1 off=$2 mask=${3:-255} b
	b=$(od -An -tu1 -j "$off" -N1 "$f" | tr -d ' ')
	[ -n "$b" ] || return 1
	printf "$(printf '\\%03o' $((b ^ mask)))" |
		dd of="$f" bs=1 seek="$off" conv=notrunc status=none
}
