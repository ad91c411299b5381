#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Provisioning and quoting end to end (TAP): sgxra-attestd and
# sgxra-platformd on loopback and a temporary socket; GET_QUOTE before
# provisioning; `sgxra platform provision` (enrollment, join, sealed
# EPID blob); a quote for the probe enclave that attestd reports OK,
# linkable and unlinkable; the quote survives a platform restart (the
# blob is reloaded); a quote with a SigRL naming another platform, which
# attestd reports OK; refusals: a REPORT with a flipped MAC bit, SigRLs
# for another group, of the wrong form or truncated, one whose signature
# does not verify, one that revokes this platform; a damaged blob. Every process started is stopped by PID;
# every wait is bounded.
set -u
. tests/lib/flip.sh
B=${SGXRA_BUILD:-build/release}
AD=$B/bin/sgxra-attestd
PD=$B/bin/sgxra-platformd
SGXRA=$B/bin/sgxra
PROBE=$B/tests/enclaves/probe/host
PROBE_E=$B/tests/enclaves/probe/enclave.signed.so
SPID=00112233445566778899aabbccddeeff
tmp=$(mktemp -d)
chmod 755 "$tmp"
mkdir "$tmp/run"
SOCK=$tmp/run/platform.sock
pids=()
n=0

cleanup() {
	for p in "${pids[@]}"; do kill -9 "$p" 2> /dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT

ok() { n=$((n + 1)); echo "ok $n - $*"; }
nok() { n=$((n + 1)); echo "not ok $n - $*"; }
check() { if eval "$2"; then ok "$1"; else nok "$1"; fi; }

# wait_for COND: up to 10 s
wait_for() {
	local _
	for _ in $(seq 1 100); do
		eval "$1" && return 0
		sleep 0.1
	done
	return 1
}

# As root, the platform runs as an unprivileged user (as platform.sh).
USER_OPT=()
if [ "$(id -u)" -eq 0 ]; then
	USER_OPT=(--user nobody)
	chown nobody "$tmp/run"
fi
EXTRA=()
if [ -n "${SGXRA_VALGRIND:-}" ]; then EXTRA=(--no-sandbox); fi

start_attestd() {
	"$AD" -d --state "$tmp/a" --listen 127.0.0.1:0 \
		--port-file "$tmp/port" "${EXTRA[@]}" >> "$tmp/alog" 2>&1 &
	APID=$!
	pids+=("$APID")
	wait_for "[ -s $tmp/port ]"
	U=http://127.0.0.1:$(cat "$tmp/port" 2> /dev/null)
}

start_platform() {
	rm -f "$SOCK"
	"$PD" -d --state "$tmp/p" --socket "$SOCK" "${USER_OPT[@]}" \
		>> "$tmp/plog" 2>&1 &
	PPID_=$!
	pids+=("$PPID_")
	wait_for "[ -S $SOCK ]"
}

stop_platform() {
	kill -TERM "$PPID_" 2> /dev/null
	wait_for "! kill -0 $PPID_ 2>/dev/null"
}

# code METHOD PATH [curl options]: the HTTP status; the body in $tmp/body
code() {
	local m=$1 u=$2
	shift 2
	curl -s --noproxy '*' --max-time 30 -o "$tmp/body" -w '%{http_code}' \
		-X "$m" "$@" "$U$u"
}

# quote TYPE OUT [SIGRL] [flip]: the probe enclave's quote
quote() {
	"$PROBE" --socket "$SOCK" "$PROBE_E" quote "$SPID" "$@" > "$tmp/out" 2>&1
}

# report QUOTEFILE: POST it to attestd; the status in $tmp/status
report() {
	printf '{"isvEnclaveQuote":"%s","nonce":"n1"}' \
		"$(base64 -w0 "$1")" > "$tmp/req"
	code POST /attestation/v4/report "${K[@]}" --data-binary "@$tmp/req" \
		> "$tmp/http"
	sed -n 's/.*"isvEnclaveQuoteStatus": *"\([A-Z_]*\)".*/\1/p' \
		"$tmp/body" > "$tmp/status"
}

# --- the service: a group, a tenant and its key --------------------------
"$AD" --init --state "$tmp/a" > /dev/null 2>&1
start_attestd
T=$(cat "$tmp/a/admin.token")
A=(-H "Authorization: Bearer $T")
check "attestd listens on loopback" "[ -n \"\${U#http://127.0.0.1:}\" ]"
code POST /admin/v1/groups "${A[@]}" -d '{"gid":"00000c0d"}' > /dev/null
code PUT /admin/v1/tenants/t1 "${A[@]}" \
	-d "{\"spid\":\"$SPID\",\"linkable\":true}" > /dev/null
code POST /admin/v1/tenants/t1/keys "${A[@]}" > /dev/null
KEY=$(sed 's/.*"subscriptionKey": *"\([0-9a-f]*\)".*/\1/' "$tmp/body")
K=(-H "Ocp-Apim-Subscription-Key: $KEY")
code PUT /admin/v1/tenants/t2 "${A[@]}" \
	-d "{\"spid\":\"$SPID\",\"linkable\":false}" > /dev/null
code POST /admin/v1/tenants/t2/keys "${A[@]}" > /dev/null
KEY2=$(sed 's/.*"subscriptionKey": *"\([0-9a-f]*\)".*/\1/' "$tmp/body")
check "a group, two tenants (linkable, unlinkable) and their keys" \
	"[ -n \"$KEY\" ] && [ -n \"$KEY2\" ]"

# --- the platform, not provisioned --------------------------------------
"$PD" --init --state "$tmp/p" > /dev/null
if [ "$(id -u)" -eq 0 ]; then chown -R nobody "$tmp/p"; fi
start_platform
check "platformd listens" "[ -S $SOCK ]"
quote linkable "$tmp/q0"
check "GET_QUOTE before provisioning: refused, says how to provision" \
	"[ $? -eq 1 ] && grep -q 'RA_ERR_STATE: platform not provisioned for EPID: run .sgxra platform provision.' $tmp/out"
"$SGXRA" platform info --socket "$SOCK" > "$tmp/out"
check "platform info: not provisioned" \
	"grep -q 'epid_provisioned  *false' $tmp/out"

# --- provisioning ---------------------------------------------------------
"$SGXRA" platform provision --socket "$SOCK" --attestd "$U" > "$tmp/out" 2>&1
check "provision without enrollment: 404 named" \
	"[ $? -eq 1 ] && grep -q 'HTTP 404: this platform is not enrolled' $tmp/out"
"$SGXRA" platform provision --socket "$SOCK" --attestd http://192.0.2.1:1 \
	> "$tmp/out" 2>&1
check "plain http to a non-loopback address is refused" \
	"[ $? -eq 2 ] && grep -q 'plain http only to a loopback' $tmp/out"
"$SGXRA" platform provision --socket "$SOCK" --attestd "$U" \
	--admin-token "$tmp/a/admin.token" > "$tmp/out" 2>&1
check "sgxra platform provision: enrolled and joined" \
	"[ $? -eq 0 ] && grep -q '^provisioned: EPID group 00000c0d$' $tmp/out"
check "the sealed EPID blob is mode 0600" \
	"[ \"\$(stat -c %a $tmp/p/epid.sealed)\" = 600 ]"
"$SGXRA" platform provision --socket "$SOCK" --attestd "$U" \
	--admin-token "$tmp/a/admin.token" > "$tmp/out" 2>&1
check "provisioning again (already enrolled: fine) replaces the key" \
	"[ $? -eq 0 ] && grep -q '^provisioned: EPID group 00000c0d$' $tmp/out"
"$SGXRA" platform info --socket "$SOCK" > "$tmp/out"
check "platform info: provisioned, group 00000c0d" \
	"grep -q 'epid_provisioned  *true' $tmp/out && grep -q 'epid_group_id  *0x00000c0d' $tmp/out"

# --- quoting ----------------------------------------------------------------
quote linkable "$tmp/q1"
check "a linkable quote; the QE's REPORT verifies in the enclave" \
	"[ $? -eq 0 ] && grep -q 'QE report verified' $tmp/out"
report "$tmp/q1"
check "attestd: isvEnclaveQuoteStatus OK" \
	"[ \"\$(cat $tmp/http)\" = 200 ] && [ \"\$(cat $tmp/status)\" = OK ]"
check "a linkable quote has an EPID pseudonym" \
	"grep -q '\"epidPseudonym\"' $tmp/body"
quote unlinkable "$tmp/q2"
K=(-H "Ocp-Apim-Subscription-Key: $KEY2")
report "$tmp/q2"
check "an unlinkable quote: OK on the unlinkable subscription" \
	"[ \"\$(cat $tmp/http)\" = 200 ] && [ \"\$(cat $tmp/status)\" = OK ]"
K=(-H "Ocp-Apim-Subscription-Key: $KEY")

stop_platform
start_platform
quote linkable "$tmp/q3"
report "$tmp/q3"
check "after a platform restart the sealed key is reloaded: OK" \
	"[ \"\$(cat $tmp/http)\" = 200 ] && [ \"\$(cat $tmp/status)\" = OK ] &&
	 grep -q 'provisioned for EPID group 00000c0d' $tmp/plog"

# --- refusals -----------------------------------------------------------------
quote linkable "$tmp/qx" - flip
check "a REPORT with a flipped MAC bit: refused" \
	"[ $? -eq 1 ] && grep -q 'RA_ERR_AUTH: the application.s REPORT does not verify' $tmp/out"
# a SigRL of group deadbeef: header, gid, RLver 1, n2 0, a signature
{
	printf '\x00\x02\x00\x0e\xde\xad\xbe\xef\x00\x00\x00\x01\x00\x00\x00\x00'
	head -c 64 /dev/zero
} > "$tmp/other.sigrl"
quote linkable "$tmp/qx" "$tmp/other.sigrl"
check "a SigRL for another group: refused, both groups named" \
	"[ $? -eq 1 ] && grep -q 'SigRL is for EPID group deadbeef, this platform is in group 00000c0d' $tmp/out"
# the EPID SDK's header form (02 00), not SGX's (00 02)
{
	printf '\x02\x00\x00\x0e\x00\x00\x0c\x0d\x00\x00\x00\x01\x00\x00\x00\x00'
	head -c 64 /dev/zero
} > "$tmp/sdk.sigrl"
quote linkable "$tmp/qx" "$tmp/sdk.sigrl"
check "a SigRL with the SDK's header, not SGX's: refused" \
	"[ $? -eq 1 ] && grep -q 'RA_ERR_VERSION: the SigRL is not an SGX EPID SigRL' $tmp/out"
printf 'junk' > "$tmp/junk.sigrl"
quote linkable "$tmp/qx" "$tmp/junk.sigrl"
check "a truncated SigRL: refused" \
	"[ $? -eq 1 ] && grep -q 'RA_ERR_FORMAT: the SigRL is malformed' $tmp/out"

# a second platform of the same group, whose signature the service revokes
"$PD" --init --state "$tmp/p2" > /dev/null
if [ "$(id -u)" -eq 0 ]; then chown -R nobody "$tmp/p2"; fi
SOCK2=$tmp/run/p2.sock
"$PD" -d --state "$tmp/p2" --socket "$SOCK2" "${USER_OPT[@]}" \
	>> "$tmp/plog2" 2>&1 &
P2=$!
pids+=("$P2")
wait_for "[ -S $SOCK2 ]"
"$SGXRA" platform provision --socket "$SOCK2" --attestd "$U" \
	--admin-token "$tmp/a/admin.token" > "$tmp/out" 2>&1
"$PROBE" --socket "$SOCK2" "$PROBE_E" quote "$SPID" linkable "$tmp/q5" \
	> "$tmp/out" 2>&1
check "a second platform provisioned and quoting" \
	"[ $? -eq 0 ] && grep -q 'QE report verified' $tmp/out"
kill -TERM "$P2" 2> /dev/null
wait_for "! kill -0 $P2 2>/dev/null"

# sigrl QUOTEFILE OUT: revoke the quote's signature; the new SigRL in OUT
sigrl() {
	printf '{"quote":"%s"}' "$(base64 -w0 "$1")" > "$tmp/req"
	code POST /admin/v1/groups/00000c0d/sigrl "${A[@]}" \
		--data-binary "@$tmp/req" > "$tmp/http"
	code GET /attestation/v4/sigrl/00000c0d "${K[@]}" > /dev/null
	base64 -d "$tmp/body" > "$2" 2> /dev/null
}
sigrl "$tmp/q5" "$tmp/one.sigrl"
check "the service's SigRL has the other platform's entry" \
	"grep -q '^20[01]$' $tmp/http && [ \"\$(stat -c %s $tmp/one.sigrl)\" = 208 ]"
quote linkable "$tmp/q6" "$tmp/one.sigrl"
report "$tmp/q6"
check "a quote with the SigRL (a non-revoked proof): attestd says OK" \
	"[ \"\$(cat $tmp/http)\" = 200 ] && [ \"\$(cat $tmp/status)\" = OK ]"
cp "$tmp/one.sigrl" "$tmp/bad.sigrl"
flip_byte "$tmp/bad.sigrl" 200 1
quote linkable "$tmp/qx" "$tmp/bad.sigrl"
check "a SigRL whose signature does not verify: refused" \
	"[ $? -eq 1 ] && grep -q 'RA_ERR_AUTH: the SigRL.s signature does not verify' $tmp/out"
sigrl "$tmp/q1" "$tmp/own.sigrl"
quote linkable "$tmp/qx" "$tmp/own.sigrl"
check "a SigRL that revokes this platform: refused as Intel's QE does" \
	"[ $? -eq 1 ] && grep -q 'RA_ERR_POLICY: member key revoked by the SigRL' $tmp/out"
quote linkable "$tmp/q4" "$tmp/one.sigrl"
report "$tmp/q4"
check "a quote with an outdated SigRL: SIGRL_VERSION_MISMATCH" \
	"[ \"\$(cat $tmp/status)\" = SIGRL_VERSION_MISMATCH ]"

# --- a platform that cannot unseal the blob ------------------------------
stop_platform
flip_byte "$tmp/p/epid.sealed" 600 1
start_platform
quote linkable "$tmp/qx"
check "a damaged EPID blob: not provisioned, the log says why" \
	"[ $? -eq 1 ] && grep -q 'RA_ERR_STATE' $tmp/out &&
	 grep -q 'epid.sealed: it does not unseal on this platform' $tmp/plog"

stop_platform
check "SIGTERM: platformd exits" "! kill -0 $PPID_ 2>/dev/null"
kill -TERM "$APID" 2> /dev/null
wait_for "! kill -0 $APID 2>/dev/null"
check "SIGTERM: attestd exits" "! kill -0 $APID 2>/dev/null"
check "no sanitizer report in the daemons' logs" \
	"! grep -q 'Sanitizer\|runtime error' $tmp/plog $tmp/plog2 $tmp/alog"
echo "1..$n"
