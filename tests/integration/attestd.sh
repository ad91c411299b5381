#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# sgxra-attestd as a program (TAP): --init and its refusal, start on a
# loopback port of its choosing (--port-file), the key-holding child,
# /health and /metrics, the administration API with and without the
# token (curl by hand, as README shows), request caps (413), a separate
# administration address, a config file, bad options, and a graceful
# SIGTERM. Every process started is stopped by PID. The report pipeline
# itself is tested end to end in tests/unit/attestd_service.c.
set -u
B=${SGXRA_BUILD:-build/release}
AD=$B/bin/sgxra-attestd
tmp=$(mktemp -d)
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

# wait_for COND: up to 10 s
wait_for() {
	local i
	for i in $(seq 1 100); do
		eval "$1" && return 0
		sleep 0.1
	done
	return 1
}

# valgrind runs (make V=vg) have no seccomp in the key-holding child
EXTRA=()
if [ -n "${SGXRA_VALGRIND:-}" ]; then EXTRA=(--no-sandbox); fi

start() { # start [options]: sets PID and PORT
	rm -f "$tmp/port"
	"$AD" -d --state "$tmp/s" --listen 127.0.0.1:0 \
		--port-file "$tmp/port" "${EXTRA[@]}" "$@" >> "$tmp/log" 2>&1 &
	PID=$!
	pids+=("$PID")
	wait_for "[ -s $tmp/port ]"
	PORT=$(cat "$tmp/port" 2>/dev/null)
	U=http://127.0.0.1:$PORT
}

stop() {
	kill -TERM "$PID" 2>/dev/null
	wait_for "! kill -0 $PID 2>/dev/null"
	wait "$PID"
}

# code METHOD URL [curl options]: the HTTP status
code() {
	local m=$1 u=$2
	shift 2
	curl -s --noproxy '*' -o "$tmp/body" -w '%{http_code}' -X "$m" "$@" "$u"
}

# --- state ---------------------------------------------------------------
"$AD" --init --state "$tmp/s" > "$tmp/out" 2>&1
check "--init creates the service" "[ $? -eq 0 ] && grep -q admin.token $tmp/out"
check "keys are private (0700 directory, 0600 files)" \
	"[ \"\$(stat -c %a $tmp/s/keys)\" = 700 ] &&
	 [ \"\$(stat -c %a $tmp/s/keys/report-signing.key)\" = 600 ] &&
	 [ \"\$(stat -c %a $tmp/s/admin.token)\" = 600 ]"
check "the report signing root says it is emulated" \
	"grep -q 'BEGIN CERTIFICATE' $tmp/s/public/report-ca.crt"
"$AD" --init --state "$tmp/s" > "$tmp/out" 2>&1
check "--init refuses an initialised state" \
	"[ $? -ne 0 ] && grep -qi 'exist' $tmp/out"
"$AD" -d --state "$tmp/none" --listen 127.0.0.1:0 > "$tmp/out" 2>&1
check "no state: refused with a message" "[ $? -ne 0 ] && [ -s $tmp/out ]"
"$AD" --bogus > /dev/null 2>&1
check "an unknown option exits 2" "[ $? -eq 2 ]"
"$AD" --help | grep -q 'usage: sgxra-attestd'
check "--help prints the usage" "[ $? -eq 0 ]"
"$AD" --tls-cert x > /dev/null 2>&1
check "--tls-cert without --tls-key exits 2" "[ $? -eq 2 ]"
"$AD" --threads many > "$tmp/out" 2>&1
check "a bad number exits 2 naming the option" \
	"[ $? -eq 2 ] && grep -q threads $tmp/out"

# --- serving -------------------------------------------------------------
T=$(cat "$tmp/s/admin.token")
A=(-H "Authorization: Bearer $T")
start --max-body 5000
check "listens on a loopback port it chose" "[ -n \"$PORT\" ] && [ \"$PORT\" -gt 0 ]"
kids=$(cat /proc/"$PID"/task/*/children 2>/dev/null | wc -w)
check "the keys are in a child process" "[ $kids -ge 1 ]"
check "GET /health is 200" "[ \$(code GET $U/health) = 200 ]"
check "GET /metrics counts reports by status" \
	"[ \$(code GET $U/metrics) = 200 ] &&
	 grep -q 'sgxra_attestd_reports_total{status=\"OK\"}' $tmp/body"
check "admin without the token: 401" \
	"[ \$(code GET $U/admin/v1/groups) = 401 ]"
check "admin with a wrong token: 401" \
	"[ \$(code GET $U/admin/v1/groups -H 'Authorization: Bearer x') = 401 ]"
check "PUT a tenant" \
	"[ \$(code PUT $U/admin/v1/tenants/acme \"\${A[@]}\" \
	   -d '{\"spid\":\"00112233445566778899aabbccddeeff\",\"linkable\":true}') = 200 ]"
check "a tenant with a bad SPID: 400" \
	"[ \$(code PUT $U/admin/v1/tenants/acme \"\${A[@]}\" -d '{\"spid\":\"00\"}') = 400 ]"
check "a subscription key" \
	"[ \$(code POST $U/admin/v1/tenants/acme/keys \"\${A[@]}\") = 201 ]"
KEY=$(sed 's/.*"subscriptionKey": *"\([0-9a-f]*\)".*/\1/' "$tmp/body")
check "a group" \
	"[ \$(code POST $U/admin/v1/groups \"\${A[@]}\" -d '{\"gid\":\"00000b2a\"}') = 201 ]"
K=(-H "Ocp-Apim-Subscription-Key: $KEY")
check "GET sigrl of a new group: 200, empty" \
	"[ \$(code GET $U/attestation/v4/sigrl/00000b2a \"\${K[@]}\") = 200 ] &&
	 [ ! -s $tmp/body ]"
check "the same under /sgx/dev and /sgx" \
	"[ \$(code GET $U/sgx/dev/attestation/v4/sigrl/00000b2a \"\${K[@]}\") = 200 ] &&
	 [ \$(code GET $U/sgx/attestation/v5/sigrl/00000b2a \"\${K[@]}\") = 200 ]"
check "GET sigrl of an unknown group: 404" \
	"[ \$(code GET $U/attestation/v4/sigrl/00000b2b \"\${K[@]}\") = 404 ]"
check "GET sigrl without a key: 401 with a JSON error" \
	"[ \$(code GET $U/attestation/v4/sigrl/00000b2a) = 401 ] &&
	 grep -q '\"error\"' $tmp/body"
check "POST report, malformed JSON: 400" \
	"[ \$(code POST $U/attestation/v4/report \"\${K[@]}\" -d '{') = 400 ]"
check "POST report, bad base64: 400" \
	"[ \$(code POST $U/attestation/v4/report \"\${K[@]}\" \
	   -d '{\"isvEnclaveQuote\":\"@@@\"}') = 400 ]"
check "POST report, nonce over 32 characters: 400" \
	"[ \$(code POST $U/attestation/v4/report \"\${K[@]}\" \
	   -d '{\"isvEnclaveQuote\":\"AAAA\",\"nonce\":\"012345678901234567890123456789012\"}') = 400 ]"
head -c 6000 /dev/zero | tr '\0' 'A' > "$tmp/big"
check "POST report over --max-body: 413" \
	"[ \$(code POST $U/attestation/v4/report \"\${K[@]}\" --data-binary @$tmp/big) = 413 ]"
check "an unknown path: 404" "[ \$(code GET $U/nothing) = 404 ]"
check "the audit chain verifies" \
	"[ \$(code GET $U/admin/v1/audit/verify \"\${A[@]}\") = 200 ] &&
	 grep -q '\"intact\": *true' $tmp/body"
stop
check "SIGTERM: exits 0" "[ $? -eq 0 ]"
check "the log says it stopped" "grep -q 'stopped' $tmp/log"
start
check "after a restart the tenant's key still works" \
	"[ \$(code GET $U/attestation/v4/sigrl/00000b2a \"\${K[@]}\") = 200 ]"
stop

# --- a separate administration address, and a config file ---------------
cat > "$tmp/conf" << EOC
# sgxra-attestd configuration
admin-listen 127.0.0.1:0
admin-port-file $tmp/aport
request-timeout 5
EOC
start --config "$tmp/conf"
wait_for "[ -s $tmp/aport ]"
AU=http://127.0.0.1:$(cat "$tmp/aport")
check "admin routes are not on the public address" \
	"[ \$(code GET $U/admin/v1/groups \"\${A[@]}\") = 404 ]"
check "admin routes are on --admin-listen" \
	"[ \$(code GET $AU/admin/v1/groups \"\${A[@]}\") = 200 ]"
stop
echo "unknown-option 1" > "$tmp/bad.conf"
"$AD" --config "$tmp/bad.conf" > "$tmp/out" 2>&1
check "a bad config file line exits 2 naming the line" \
	"[ $? -eq 2 ] && grep -q 'bad.conf:1' $tmp/out"

echo "1..$n"
