#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# sgxra quote/report/sigstruct show on every real quote and SIGSTRUCT:
# fields match bytes read independently from the files (od at the
# FORMATS.md offsets) and the sets' expected.json; malformed input gives
# exit status 1 and exactly one line on stderr; usage errors give 2.
set -u
S=${SGXRA_BUILD:-build/release}/bin/sgxra
R=tests/data/real
n=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { n=$((n + 1)); echo "ok $n - $*"; }
nok() { n=$((n + 1)); echo "not ok $n - $*"; }
check() { if eval "$2"; then ok "$1"; else nok "$1"; fi; }
hexat() { od -An -tx1 -j "$2" -N "$3" "$1" | tr -d ' \n'; }

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

for q in "$R"/dcap/*/quote.bin "$R"/dcap/*/quote.dat; do
	v=$(hexat "$q" 0 2)
	"$S" quote show "$q" > "$tmp/out" 2> "$tmp/err"
	rc=$?
	if [ "$q" = "$R/dcap/go-tdx-guest-tdx-v4/quote.bin" ]; then
		check "$q: decoded with its 39 trailing bytes listed" \
			"[ $rc -eq 0 ] && grep -q '^trailing_bytes' $tmp/out"
		continue
	fi
	check "$q: exit 0" "[ $rc -eq 0 ] && [ ! -s $tmp/err ]"
	if [ "$v" = "0300" ]; then
		# SGX report body at 48: MRENCLAVE at 48+64, MRSIGNER at 48+128
		check "$q: mr_enclave" "grep -q \"^  mr_enclave  *$(hexat "$q" 112 32)\$\" $tmp/out"
		check "$q: mr_signer" "grep -q \"^  mr_signer  *$(hexat "$q" 176 32)\$\" $tmp/out"
	fi
	check "$q: JSON" "\"$S\" quote show --json \"$q\" | grep -q '\"kind\": \"DCAP ECDSA quote'"
done

e=$R/epid-quotes/sbellem-sgx-iot/epid_quote.bin
"$S" quote show "$e" > "$tmp/out"
check "EPID quote: mr_enclave from expected.json" \
	"grep -q '^  mr_enclave  *a8a3094d76217c5dd0a1126ac142b36dd34f88514a99bf8dfc8ea852f1fa6238$' $tmp/out"
check "EPID quote: group id 00000b5b" "grep -q '^epid_group_id  *00000b5b$' $tmp/out"
check "EPID quote: 680-byte signature, no SigRL entries" \
	"grep -q '^  length  *680$' $tmp/out && grep -q '^  sigrl_entries  *0$' $tmp/out"

for s in intel-pce-1.25.100.1:sigstruct.bin:c54a62f2be9ef76efb1f3930ad81ea7f60defc1f5f25e09b7c067a815ae0c6cb \
	fortanix-test-enclave:test_enclave.sig:fb4bab3d6036ac1d730fa83d7366df1dd2dfeac194ef335d6854d8a6c6475542 \
	fortanix-sigstruct-sig1:sig1.sigstruct.bin:83d719e77deaca1470f6baf62a4d774303c899db69020f9c70ee1dfc08c7ce9e; do
	IFS=: read -r set file want <<< "$s"
	check "sigstruct show $set: MRSIGNER $want" \
		"\"$S\" sigstruct show $R/enclave/$set/$file | grep -q \"mr_signer  *$want\$\""
done

# malformed input: truncations at many offsets, a trailing byte, bad ids
q=$R/dcap/phala-sgx-v3/quote.bin
len=$(stat -c %s "$q")
for cut in 0 1 47 48 431 435 436 500 1019 1020 2000 $((len - 1)); do
	head -c "$cut" "$q" > "$tmp/cut"
	bad "DCAP quote cut to $cut bytes" quote show "$tmp/cut"
done
{ cat "$q"; printf 'x'; } > "$tmp/trail"
"$S" quote show "$tmp/trail" > /dev/null 2> "$tmp/err"
check "DCAP quote + one non-zero byte: decoded, trailing byte named" \
	"grep -q 'offset $len' $tmp/err"
for cut in 0 2 435 436 1115; do
	head -c "$cut" "$e" > "$tmp/cut"
	bad "EPID quote cut to $cut bytes" quote show "$tmp/cut"
done
printf '\x09\x00\x02\x00' > "$tmp/v9"
bad "unknown version 9" quote show "$tmp/v9"
cp "$q" "$tmp/akt"
printf '\x03' | dd of="$tmp/akt" bs=1 seek=2 conv=notrunc status=none
bad "att_key_type 3" quote show "$tmp/akt"
bad "missing file" quote show "$tmp/nonexistent"
head -c 1807 "$R/enclave/intel-pce-1.25.100.1/sigstruct.bin" > "$tmp/ss"
bad "SIGSTRUCT cut to 1807 bytes" sigstruct show "$tmp/ss"
head -c 431 "$q" > "$tmp/rep"
bad "REPORT of 431 bytes" report show "$tmp/rep"

"$S" quote show > /dev/null 2>&1
check "no file: usage, exit 2" "[ $? -eq 2 ]"
"$S" quote show --bogus "$q" > /dev/null 2>&1
check "unknown option: exit 2" "[ $? -eq 2 ]"
"$S" quote show --help > "$tmp/out" 2>&1
check "--help: exit 0 with usage" "[ $? -eq 0 ] && grep -q '^usage: sgxra quote show' $tmp/out"
"$S" help quote show > "$tmp/out" 2>&1
check "help quote show == quote show --help" "[ $? -eq 0 ] && grep -q '^usage: sgxra quote show' $tmp/out"
"$S" nonsense > /dev/null 2>&1
check "unknown command: exit 2" "[ $? -eq 2 ]"
"$S" platform --help > "$tmp/out" 2> "$tmp/err"
check "platform --help: the group's commands on stdout, exit 0" "[ $? -eq 0 ] && grep -q 'platform dram-dump' $tmp/out && [ ! -s $tmp/err ]"
"$S" platform bogus > /dev/null 2>&1
check "platform bogus: exit 2" "[ $? -eq 2 ]"
echo "1..$n"
