#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# sgxra-platformd end to end (TAP): state creation and its failures,
# loading and measuring signed enclaves, EINIT refusals (tampered image,
# debug launch), sealing across platform restarts and its refusal on
# another platform, the enclave sandbox (system calls, executable memory,
# forged ENCLU frames, EPC pages pinned past the limit), isolation from other processes of the same user
# (ptrace, /proc/PID/mem), crashes, malformed frames on the platform
# socket, and a clean SIGTERM. Every process started is stopped by PID.
set -u
. tests/lib/flip.sh
B=${SGXRA_BUILD:-build/release}
PD=$B/bin/sgxra-platformd
SEAL=$B/examples/seal/host
SEAL_E=$B/examples/seal/enclave.signed.so
PROBE=$B/tests/enclaves/probe/host
PROBE_E=$B/tests/enclaves/probe/enclave.signed.so
JUNK=$B/tests/tools/sockjunk
ATTACK=$B/tests/tools/attack
tmp=$(mktemp -d)
chmod 755 "$tmp"
mkdir "$tmp/run"
SOCK=$tmp/run/platform.sock
pids=()
n=0

cleanup() {
	for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT

ok() { n=$((n + 1)); echo "ok $n - $*"; }
nok() { n=$((n + 1)); echo "not ok $n - $*"; }
check() { if eval "$2"; then ok "$1"; else nok "$1"; fi; }

# As root, the platform and the "attacker" run as an unprivileged user:
# root may ptrace anything, which is the documented limit of emulation.
AS=()
USER_OPT=()
if [ "$(id -u)" -eq 0 ]; then
	AS=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
	USER_OPT=(--user nobody)
	chown nobody "$tmp/run"
fi

# wait_for COND: up to 5 s
wait_for() {
	local i
	for i in $(seq 1 50); do
		eval "$1" && return 0
		sleep 0.1
	done
	return 1
}

start() { # start STATE [extra options]
	local state=$1
	shift
	"$PD" -d --state "$state" --socket "$SOCK" "${USER_OPT[@]}" "$@" \
		>> "$tmp/log" 2>&1 &
	PID=$!
	pids+=("$PID")
	wait_for "[ -S $SOCK ]"
}

stop() {
	kill -TERM "$PID" 2>/dev/null
	wait_for "! kill -0 $PID 2>/dev/null"
}

# --- state -------------------------------------------------------------
"$PD" --init --state "$tmp/s1" > /dev/null
check "--init makes the fuses, mode 0600" \
	"[ \"\$(stat -c %a $tmp/s1/fuses)\" = 600 ]"
"$PD" --init --state "$tmp/s1" > /dev/null 2>&1
check "--init refuses to replace a platform" "[ $? -ne 0 ]"
"$PD" -d --state "$tmp/none" --socket "$SOCK" > "$tmp/out" 2>&1
check "no platform: start refused with a message" \
	"[ $? -ne 0 ] && grep -q 'no platform in' $tmp/out"
cp -a "$tmp/s1" "$tmp/bad"
flip_byte "$tmp/bad/fuses" 20
# timeout: a platform that wrongly starts must not hang the test
timeout 30 "$PD" -d --state "$tmp/bad" --socket "$SOCK" > "$tmp/out" 2>&1
check "damaged fuses: refused, no new keys" \
	"[ $? -ne 0 ] && grep -q 'damaged' $tmp/out"
chmod 644 "$tmp/bad/fuses"
timeout 30 "$PD" -d --state "$tmp/bad" --socket "$SOCK" > "$tmp/out" 2>&1
check "fuses readable by others: refused" \
	"[ $? -ne 0 ] && grep -q 'readable by others' $tmp/out"
if [ "$(id -u)" -eq 0 ]; then
	chown -R nobody "$tmp/s1"
	"$PD" --init --state "$tmp/s2" > /dev/null
	chown -R nobody "$tmp/s2"
else
	"$PD" --init --state "$tmp/s2" > /dev/null
fi

# --- loading, measurement, EINIT -----------------------------------------
start "$tmp/s1"
check "platform listens" "[ -S $SOCK ]"
"$SEAL" --socket "$SOCK" "$SEAL_E" identity > "$tmp/id"
check "the example enclave loads and reports its identity" \
	"grep -q '^mr_enclave [0-9a-f]\{64\}$' $tmp/id"
want=$("$B/bin/sgxra" sign --key "$B/examples/seal/signing-key.pem" \
	--config examples/seal/enclave.conf --out "$tmp/resigned.so" \
	"$SEAL_E" | sed -n 's/^mr_enclave *//p')
check "the platform's MRENCLAVE is the one sgxra sign measured" \
	"grep -q \"^mr_enclave $want\$\" $tmp/id"
m=$("$B/bin/sgxra" measure "$SEAL_E" | sed -n 's/^mr_enclave  *//p')
check "sgxra measure gives the same MRENCLAVE for an sgxra enclave" \
	"[ \"$m\" = \"$want\" ]"
cp "$SEAL_E" "$tmp/tampered.so"
flip_byte "$tmp/tampered.so" 12288
"$SEAL" --socket "$SOCK" "$tmp/tampered.so" identity > "$tmp/out" 2>&1
check "a byte changed after signing: refused, MRENCLAVE mismatch" \
	"[ $? -eq 1 ] && grep -q 'MRENCLAVE mismatch' $tmp/out"
cp "$SEAL_E" "$tmp/badsig.so"
size=$(stat -c %s "$SEAL_E")
# the SIGSTRUCT is at 80 in the last 1888 bytes; its signature at 516
flip_byte "$tmp/badsig.so" $((size - 1888 + 80 + 600)) 1
"$SEAL" --socket "$SOCK" "$tmp/badsig.so" identity > "$tmp/out" 2>&1
check "a SIGSTRUCT whose signature does not verify: SGX_INVALID_SIGNATURE" \
	"[ $? -eq 1 ] && grep -q 'SGX_INVALID_SIGNATURE' $tmp/out"
"$SEAL" --socket "$SOCK" "$B/examples/seal/enclave.so" identity > "$tmp/out" 2>&1
check "an unsigned ELF: refused" \
	"[ $? -eq 1 ] && grep -q 'not a signed sgxra enclave' $tmp/out"
"$PROBE" --socket "$SOCK" --debug "$PROBE_E" identity > "$tmp/out" 2>&1
check "debug launch without --allow-debug: SGX_INVALID_ATTRIBUTE" \
	"grep -q 'SGX_INVALID_ATTRIBUTE' $tmp/out"

"$B/bin/sgxra" sigstruct verify "$SEAL_E" > "$tmp/out"
check "sgxra sigstruct verify: signature and measurement of a signed enclave" \
	"[ $? -eq 0 ] && grep -q '^measurement  ok' $tmp/out"
"$B/bin/sgxra" sigstruct verify "$tmp/tampered.so" > "$tmp/out" 2>&1
check "sgxra sigstruct verify: a tampered enclave, MRENCLAVE mismatch" \
	"[ $? -eq 1 ] && grep -q 'MRENCLAVE mismatch' $tmp/out"
"$B/bin/sgxra" platform info --socket "$SOCK" > "$tmp/out"
check "sgxra platform info: CPUSVN, QE target, architectural enclaves" \
	"grep -q '^cpu_svn  *01010101010101010101010101010101$' $tmp/out && grep -q '^  PCE:$' $tmp/out"

# --- sealing across restarts --------------------------------------------
"$SEAL" --socket "$SOCK" "$SEAL_E" seal "$tmp/blob" "the secret 42" > /dev/null
"$SEAL" --socket "$SOCK" "$SEAL_E" unseal "$tmp/blob" > "$tmp/out"
check "seal then unseal" "grep -q '^the secret 42$' $tmp/out"
stop
start "$tmp/s1"
"$SEAL" --socket "$SOCK" "$SEAL_E" unseal "$tmp/blob" > "$tmp/out"
check "unseal after a platform restart (fuses persist)" \
	"grep -q '^the secret 42$' $tmp/out"
stop
start "$tmp/s2"
"$SEAL" --socket "$SOCK" "$SEAL_E" unseal "$tmp/blob" > "$tmp/out" 2>&1
check "another platform cannot unseal" \
	"[ $? -ne 0 ] && grep -q 'authentication failed' $tmp/out"
stop
start "$tmp/s1" --allow-debug --epc-resident 16

# --- EGETKEY through the platform ---------------------------------------
"$PROBE" --socket "$SOCK" "$PROBE_E" getkey provision > "$tmp/out"
check "PROVISION key without PROVISIONKEY: SGX_INVALID_ATTRIBUTE (2)" \
	"grep -q '^result: sgx 2$' $tmp/out"
"$PROBE" --socket "$SOCK" "$PROBE_E" getkey svn > "$tmp/out"
check "seal key for ISVSVN above the enclave's: SGX_INVALID_ISVSVN (64)" \
	"grep -q '^result: sgx 64$' $tmp/out"
"$PROBE" --socket "$SOCK" "$PROBE_E" getkey seal > "$tmp/k1"
"$PROBE" --socket "$SOCK" --debug "$PROBE_E" getkey seal > "$tmp/k2"
check "seal key granted, and a debug launch gets another one" \
	"grep -q '^result: sgx 0$' $tmp/k1 && ! cmp -s $tmp/k1 $tmp/k2"
"$PROBE" --socket "$SOCK" "$PROBE_E" echo hello > "$tmp/out"
check "an OCALL during an ECALL" "grep -q '^result: RA_OK HELLO$' $tmp/out"

# --- the sandbox and forged frames --------------------------------------
"$PROBE" --socket "$SOCK" "$PROBE_E" open > "$tmp/out"
check "opening a file kills the enclave (seccomp)" \
	"grep -q 'RA_ERR_IO' $tmp/out && wait_for \"grep -q 'outside its sandbox' $tmp/log\""
"$PROBE" --socket "$SOCK" "$PROBE_E" execmem > "$tmp/out"
check "executable memory is refused (EPERM)" "grep -q 'RA_OK EPERM' $tmp/out"
"$PROBE" --socket "$SOCK" "$PROBE_E" forge > "$tmp/out"
check "a forged ENCLU frame: the enclave is terminated, nothing answered" \
	"grep -q 'RA_ERR_IO' $tmp/out && wait_for \"grep -q 'malformed ENCLU frame' $tmp/log\""
"$PROBE" --socket "$SOCK" "$PROBE_E" epchog > "$tmp/out"
check "an enclave pinning EPC pages past its resident limit is terminated" \
	"grep -q 'RA_ERR_IO' $tmp/out && wait_for \"grep -q 'more than 16 pages resident' $tmp/log\""
# (In sanitizer builds UBSan catches the NULL store first and its report
# dies in the sandbox: a crash by another signal.)
kills() { grep -c "killed by signal$1" "$tmp/log"; }
before=$(kills '')
"$PROBE" --socket "$SOCK" "$PROBE_E" segv null > "$tmp/out"
check "a write through NULL crashes the enclave (past the EPC pager)" \
	"grep -q 'RA_ERR_IO' $tmp/out && wait_for '[ \$(kills \"\") -gt $before ]'"
"$PROBE" --socket "$SOCK" "$PROBE_E" segv relro > "$tmp/out"
check "a write to read-only (RELRO) enclave memory crashes it (SIGSEGV)" \
	"grep -q 'RA_ERR_IO' $tmp/out && wait_for '[ \$(kills \" 11\") -ge 1 ]'"
"$PROBE" --socket "$SOCK" "$PROBE_E" crash > "$tmp/out"
check "a crashing enclave is reaped and reported" \
	"grep -q 'RA_ERR_IO' $tmp/out && wait_for \"grep -q 'killed by signal 6' $tmp/log\""
"$PROBE" --socket "$SOCK" "$PROBE_E" identity > "$tmp/out"
check "the platform still serves after all that" "grep -q '^pid ' $tmp/out"

# --- isolation from processes of the same user ---------------------------
"$PROBE" --socket "$SOCK" "$PROBE_E" hold 20 > "$tmp/hold" &
holder=$!
pids+=("$holder")
wait_for "grep -q '^pid ' $tmp/hold"
epid=$(sed -n 's/^pid //p' "$tmp/hold")
"${AS[@]}" "$ATTACK" "$epid" > "$tmp/out" 2>&1
check "same user cannot ptrace the enclave or read its memory or maps" \
	"[ $? -eq 0 ] && grep -q 'ptrace attach: refused' $tmp/out"
"${AS[@]}" sleep 20 &
ctl=$!
pids+=("$ctl")
sleep 0.2
"${AS[@]}" "$ATTACK" "$ctl" > "$tmp/out" 2>&1
check "control: the same attacker can ptrace an ordinary process" \
	"[ $? -ne 0 ] && grep -q 'ptrace attach: ALLOWED' $tmp/out"
kill "$ctl" 2>/dev/null

# --- malformed frames on the platform socket ------------------------------
check "oversized frame header: connection closed" \
	"[ \"\$($JUNK $SOCK 01000000ffffff7f)\" = closed ]"
check "unknown request type: an ERROR frame" \
	"[ \"\$($JUNK $SOCK 6300000000000000)\" = 'reply 65' ]"
check "LOAD without a file descriptor: an ERROR frame" \
	"[ \"\$($JUNK $SOCK 010000000400000000000000)\" = 'reply 65' ]"
check "truncated frame: nothing, no crash" \
	"[ \"\$($JUNK $SOCK 01000000)\" = silent ]"
check "garbage: closed" \
	"[ \"\$($JUNK $SOCK deadbeefdeadbeefdeadbeefdeadbeef)\" = closed ]"
"$PROBE" --socket "$SOCK" "$PROBE_E" identity > "$tmp/out"
check "the platform still serves after malformed frames" "grep -q '^pid ' $tmp/out"

# --- SIGTERM ----------------------------------------------------------------
stop
check "SIGTERM: the platform exits and removes its socket" \
	"! kill -0 $PID 2>/dev/null && [ ! -e $SOCK ]"
check "SIGTERM: the enclaves it ran are gone" \
	"wait_for '! kill -0 $epid 2>/dev/null'"
kill "$holder" 2>/dev/null
echo "1..$n"
