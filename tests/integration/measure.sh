#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# sgxra measure on the real enclaves: the Intel PCE (an SDK-signed shared
# object: MRENCLAVE = its SIGSTRUCT's ENCLAVEHASH, MRSIGNER, ISVPRODID and
# ISVSVN from expected.json) and the Fortanix test enclave (an SGXS
# stream); the synthetic SDK enclaves; a flipped byte in a measured
# segment reported as a mismatch; malformed input gives exit status 1 and
# exactly one line on stderr; usage errors give 2. sigstruct show reads
# the SIGSTRUCT of a signed enclave.
set -u
S=${SGXRA_BUILD:-build/release}/bin/sgxra
E=tests/data/real/enclave
PCE=$E/intel-pce-1.25.100.1/libsgx_pce.signed.so.1.25.100.1
n=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { n=$((n + 1)); echo "ok $n - $*"; }
nok() { n=$((n + 1)); echo "not ok $n - $*"; }
check() { if eval "$2"; then ok "$1"; else nok "$1"; fi; }
# the value of "key" in expected.json's "expected" object, without quotes
expected() {
	sed -n "/\"expected\"/,/}/s/^ *\"$2\": \"\{0,1\}\([^\",]*\)\"\{0,1\},\{0,1\}\$/\1/p" "$1"
}

# one line on stderr, exit status 1, and no crash
bad() {
	local name=$1
	shift
	"$S" "$@" > /dev/null 2> "$tmp/err"
	local rc=$?
	if [ "$rc" -eq 1 ] && [ "$(wc -l < "$tmp/err")" -eq 1 ]; then
		ok "$name: exit 1, one line: $(cat "$tmp/err")"
	else
		nok "$name: exit $rc, stderr: $(head -3 "$tmp/err")"
	fi
}

# write byte $3 (two hex digits) at offset $2 of a copy of $1 into $4
poke() {
	cp "$1" "$4"
	printf "\\x$3" | dd of="$4" bs=1 seek="$2" conv=notrunc status=none
}

J=$E/intel-pce-1.25.100.1/expected.json
mr=$(expected "$J" MRENCLAVE)
signer=$(expected "$J" MRSIGNER)
prodid=$(expected "$J" ISVPRODID)
svn=$(expected "$J" ISVSVN)
check "expected.json read" "[ \${#mr} -eq 64 ] && [ \${#signer} -eq 64 ] && [ -n '$prodid' ]"

"$S" measure "$PCE" > "$tmp/out" 2> "$tmp/err"
rc=$?
check "PCE: exit 0, nothing on stderr" "[ $rc -eq 0 ] && [ ! -s $tmp/err ]"
check "PCE: MRENCLAVE $mr" "grep -q '^mr_enclave  *$mr\$' $tmp/out"
check "PCE: MRSIGNER $signer" "grep -q '^mr_signer  *$signer\$' $tmp/out"
check "PCE: ISVPRODID $prodid" "grep -q '^isv_prod_id  *$prodid\$' $tmp/out"
check "PCE: ISVSVN $svn" "grep -q '^isv_svn  *$svn\$' $tmp/out"
check "PCE: equals the SIGSTRUCT's ENCLAVEHASH" \
	"grep -q '^enclave_hash  *$mr\$' $tmp/out && grep -q '^mr_enclave_matches  *true\$' $tmp/out"
check "PCE: attributes MODE64BIT PROVISIONKEY" \
	"grep -q '^  flag_names  *MODE64BIT PROVISIONKEY\$' $tmp/out"
check "PCE: metadata 1.5, 540 pages added" \
	"grep -q '^  version  *1.5\$' $tmp/out && grep -q '^  pages_added  *540\$' $tmp/out"
"$S" measure --json "$PCE" > "$tmp/json"
check "PCE --json" "grep -q '\"mr_enclave\": \"$mr\"' $tmp/json && grep -q '\"mr_enclave_matches\": true' $tmp/json"
"$S" measure - < "$PCE" > "$tmp/out"
check "PCE from stdin" "grep -q '^mr_enclave  *$mr\$' $tmp/out"

F=$E/fortanix-test-enclave/test_enclave.sgxs
fmr=784acfd7d5096a8f0fbd3265760bff21b120f62407a9a9e5ba31aa3c8ed198fc
"$S" measure "$F" > "$tmp/out" 2> "$tmp/err"
rc=$?
check "Fortanix SGXS: exit 0" "[ $rc -eq 0 ] && [ ! -s $tmp/err ]"
check "Fortanix SGXS: MRENCLAVE $fmr" "grep -q '^mr_enclave  *$fmr\$' $tmp/out"
check "Fortanix SGXS: kind" "grep -q '^kind  *SGXS stream\$' $tmp/out"

for f in tests/data/synthetic/*.so; do
	"$S" measure "$f" > "$tmp/out" 2> "$tmp/err"
	check "$f: measured, equal to its ENCLAVEHASH" \
		"[ $? -eq 0 ] && grep -q '^mr_enclave_matches  *true\$' $tmp/out"
done

# a byte of .text (file offset 0x2100, in the R+X segment) flipped
poke "$PCE" $((0x2100)) ff "$tmp/flip"
bad "PCE with a .text byte changed" measure "$tmp/flip"
check "  ... the one line says MRENCLAVE mismatch" "grep -q 'MRENCLAVE mismatch: computed' $tmp/err"
"$S" measure "$tmp/flip" > "$tmp/out" 2> /dev/null
check "  ... and the output says so too" "grep -q '^mr_enclave_matches  *false\$' $tmp/out"
# a byte between two segments (not loaded) flipped: still equal
poke "$PCE" $((0x1fa5)) 5a "$tmp/gap"
"$S" measure "$tmp/gap" > /dev/null 2>&1
check "PCE with an unloaded byte changed: still exit 0" "[ $? -eq 0 ]"

# malformed input
len=$(stat -c %s "$PCE")
for cut in 0 3 63 64 4096 2068869 2068933 $((len - 1)); do
	head -c "$cut" "$PCE" > "$tmp/cut"
	bad "PCE cut to $cut bytes" measure "$tmp/cut"
done
poke "$PCE" 2068869 4d "$tmp/magic"
bad "PCE with a bad metadata magic" measure "$tmp/magic"
check "  ... named" "grep -q 'magic 0x86a80294635d0e4d is not' $tmp/err"
poke "$PCE" $((2068869 + 12)) 04 "$tmp/major"
bad "PCE with metadata major version 4" measure "$tmp/major"
poke "$PCE" 4 01 "$tmp/elf32"
bad "ELFCLASS32" measure "$tmp/elf32"
poke "$PCE" 47 ff "$tmp/shoff"
bad "e_shoff huge" measure "$tmp/shoff"
printf 'not an enclave at all\n' > "$tmp/text"
bad "a text file" measure "$tmp/text"
check "  ... not an SGXS stream or a signed enclave" \
	"grep -q 'not an SGXS stream or a signed enclave' $tmp/err"
head -c 100 "$F" > "$tmp/sgxs"
bad "SGXS cut to 100 bytes" measure "$tmp/sgxs"
bad "missing file" measure "$tmp/nonexistent"

# sigstruct show on the signed enclave
"$S" sigstruct show "$PCE" > "$tmp/out" 2> "$tmp/err"
check "sigstruct show PCE.so: exit 0" "[ $? -eq 0 ] && [ ! -s $tmp/err ]"
check "sigstruct show PCE.so: MRSIGNER and ENCLAVEHASH" \
	"grep -q 'mr_signer  *$signer\$' $tmp/out && grep -q 'enclave_hash  *$mr\$' $tmp/out"
cmp -s <("$S" sigstruct show "$E/intel-pce-1.25.100.1/sigstruct.bin" | sed 1d) \
	<(sed 1d "$tmp/out")
check "sigstruct show PCE.so == sigstruct show sigstruct.bin" "[ $? -eq 0 ]"
bad "sigstruct show: bad metadata magic" sigstruct show "$tmp/magic"

# usage
"$S" measure > /dev/null 2>&1
check "no file: usage, exit 2" "[ $? -eq 2 ]"
"$S" measure --bogus "$PCE" > /dev/null 2>&1
check "unknown option: exit 2" "[ $? -eq 2 ]"
"$S" measure "$PCE" "$PCE" > /dev/null 2>&1
check "two files: exit 2" "[ $? -eq 2 ]"
"$S" measure --help > "$tmp/out" 2>&1
check "--help: exit 0 with usage" "[ $? -eq 0 ] && grep -q '^usage: sgxra measure' $tmp/out"
"$S" help measure > "$tmp/out" 2>&1
check "help measure == measure --help" "[ $? -eq 0 ] && grep -q '^usage: sgxra measure' $tmp/out"
"$S" help > "$tmp/out" 2>&1
check "help lists measure" "grep -q '^  measure ' $tmp/out"
echo "1..$n"
