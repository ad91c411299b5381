#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# DCAP quotes from the emulated platform, verified end to end (TAP):
# sgxra-attestd (the emulated PCS), sgxra-platformd provisioned for EPID
# and DCAP (its PCK certificate from the service), an enclave's quote
# made by `sgxra run --dcap-quote`, verified by `sgxra quote verify`
# against the service's PCS API under the emulated root — and refused
# under Intel's root, with a changed byte, or after the service revokes
# the platform's PCK certificate. Every process started is stopped by PID
# (scripts/ra-env.sh).
set -u
. tests/lib/flip.sh
BUILD=${SGXRA_BUILD:-build/release}
RA_TMP=$(mktemp -d)
. scripts/ra-env.sh
n=0

trap ra_env_stop EXIT

ok() { n=$((n + 1)); echo "ok $n - $*"; }
nok() { n=$((n + 1)); echo "not ok $n - $*"; }
check() { if eval "$2"; then ok "$1"; else nok "$1"; fi; }

if ! ra_env_start; then
	nok "the system starts (attestd, platformd provisioned for EPID and DCAP)"
	echo "1..$n"
	exit 1
fi
SGXRA=$RA_BIN/sgxra
PROBE=$BUILD/tests/enclaves/probe/enclave.signed.so
ROOT=$RA_TMP/ad/public/dcap-root.crt
check "provisioning installs a PCK certificate" \
	"grep -q 'provisioned: DCAP PCK certificate' $RA_TMP/provision.out"
"$SGXRA" platform info --socket "$SOCK" --json > "$RA_TMP/info.json"
check "platform info: dcap_provisioned" \
	"grep -q '\"dcap_provisioned\": true' $RA_TMP/info.json"
check "the service published its emulated DCAP root" "[ -s $ROOT ]"

quote() { # FILE [report data]
	"$SGXRA" run "$PROBE" --socket "$SOCK" --dcap-quote "$1" \
		--report-ecall 7 ${2:+--report-data "$2"} > "$RA_TMP/run.out" 2>&1
}
verify() { # FILE [root]: status in RC, output in $RA_TMP/v.out
	"$SGXRA" quote verify "$1" --collateral "$AD_URL" \
		${2:+--root "$2"} --time now > "$RA_TMP/v.out" 2>&1
	RC=$?
}

quote "$RA_TMP/q.bin" 00112233445566778899
check "sgxra run --dcap-quote: a quote, bound to the nonce" \
	"[ $? -eq 0 ] && [ -s $RA_TMP/q.bin ] && grep -q 'qe_report_binds_nonce  *true' $RA_TMP/run.out"
"$SGXRA" quote show "$RA_TMP/q.bin" > "$RA_TMP/show.out" 2>&1
mr=$(sed -n 's/^mr_enclave  *//p' "$RA_TMP/run.out")
check "the quote is v3, ECDSA, the probe enclave's REPORT with its REPORTDATA" \
	"grep -q 'version  *3' $RA_TMP/show.out &&
	 grep -q 'report_data  *00112233445566778899' $RA_TMP/show.out &&
	 [ -n \"$mr\" ] && grep -q \"$mr\" $RA_TMP/show.out"
verify "$RA_TMP/q.bin" "$ROOT"
check "verified against the service's PCS under the emulated root: UpToDate" \
	"[ $RC -eq 0 ] && grep -q 'UpToDate' $RA_TMP/v.out"
verify "$RA_TMP/q.bin"
check "under Intel's root (the default) the emulated quote is refused" \
	"[ $RC -ne 0 ]"
cp "$RA_TMP/q.bin" "$RA_TMP/bad.bin"
flip_byte "$RA_TMP/bad.bin" 200
verify "$RA_TMP/bad.bin" "$ROOT"
check "a changed byte of the REPORT body: refused (quote signature)" \
	"[ $RC -ne 0 ]"

# A restart: the chain is reloaded, a new attestation key is certified.
kill -TERM "$PD_PID"
for _ in $(seq 1 100); do kill -0 "$PD_PID" 2>/dev/null || break; sleep 0.1; done
"$RA_BIN/sgxra-platformd" -d --state "$RA_TMP/pd" --socket "$SOCK" \
	>> "$RA_TMP/platformd.log" 2>&1 &
PD_PID=$!
RA_PIDS+=("$PD_PID")
ra_wait_for "[ -S $SOCK ] && $SGXRA platform info --socket $SOCK > /dev/null 2>&1"
quote "$RA_TMP/q2.bin"
verify "$RA_TMP/q2.bin" "$ROOT"
check "after a restart: the PCK chain reloaded, the new quote verifies" \
	"[ $RC -eq 0 ] && grep -q 'PCK certificate chain loaded' $RA_TMP/platformd.log"

echo "1..$n"
