#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Remote attestation end to end (TAP): sgxra-attestd, sgxra-platformd
# (provisioned by an EPID join), sgxra-spd and the secret-provisioning
# example, on loopback. The trusted path provisions the secret and the
# enclave proves it holds it after a restart; then every attack of
# issue 6 that can be played from outside the enclave is played, through
# a man in the middle (ra_mitm.py) or the service's administration, and
# each must be refused with a reason, the enclave never receiving a
# secret. The engines' own tests (tests/unit/ra_proto.c) flip every bit.
# Every process started is stopped by PID (scripts/ra-env.sh).
set -u
BUILD=${SGXRA_BUILD:-build/release}
RA_TMP=$(mktemp -d)
# A development platform: it lets applications launch debug enclaves, so
# that the SP's production policy is what refuses them.
RA_PLATFORM_OPTS=--allow-debug
. scripts/ra-env.sh
MITM_PID=
n=0

cleanup() {
	[ -n "$MITM_PID" ] && kill -9 "$MITM_PID" 2>/dev/null
	ra_env_stop
}
trap cleanup EXIT

ok() { n=$((n + 1)); echo "ok $n - $*"; }
nok() { n=$((n + 1)); echo "not ok $n - $*"; }
check() { if eval "$2"; then ok "$1"; else nok "$1"; fi; }

if ! ra_env_start; then
	nok "the system starts (attestd, platformd provisioned)"
	echo "1..$n"
	exit 1
fi
ok "the system starts; the platform joined EPID group $GID"

HOST=$RA_EX/host
ENC=$RA_EX/enclave.signed.so

# attest URL: runs the example; output in $RA_TMP/out, status in $RC
attest() {
	rm -f "$RA_TMP/sealed.bin"
	"$HOST" --socket "$SOCK" --sp "$1" "$ENC" attest "$RA_TMP/sealed.bin" \
		> "$RA_TMP/out" 2>&1
	RC=$?
}
no_secret() { [ $RC -ne 0 ] && [ ! -e "$RA_TMP/sealed.bin" ]; }

# --- configuration ------------------------------------------------------
"$RA_BIN/sgxra-spd" -d --listen 127.0.0.1:0 --sp-key "$RA_TMP/sp-key.pem" \
	--spid "$SPID" --ias-url "$AD_URL/attestation/v4" \
	--ias-key-file "$RA_TMP/ias.key" \
	--ias-root "$RA_TMP/ad/public/report-ca.crt" \
	--mrenclave "$MRENCLAVE" > "$RA_TMP/o" 2>&1
check "sgxra-spd refuses an emulated root unless allow_emulated" \
	"[ $? -ne 0 ] && grep -q 'allow-emulated' $RA_TMP/o"
"$RA_BIN/sgxra-spd" -d --sp-key "$RA_TMP/sp-key.pem" > "$RA_TMP/o" 2>&1
check "sgxra-spd names a missing option" \
	"[ $? -eq 2 ] && grep -q 'missing spid' $RA_TMP/o"
"$RA_BIN/sgxra-spd" --help > "$RA_TMP/o" 2>&1
check "sgxra-spd --help" "[ $? -eq 0 ] && grep -q 'ras-listen' $RA_TMP/o"

ra_spd_start --allow-emulated true --mrenclave "$MRENCLAVE"
check "sgxra-spd serves HTTP and sgx-ra-sample's transport" \
	"[ -n \"\${SPD_URL:-}\" ] && [ -n \"\${RAS_PORT:-}\" ]"

keeper=$(cat /proc/"$SPD_PID"/task/*/children 2>/dev/null | tr " " "\n" | grep -m1 .)
pubx=$(openssl pkey -in "$RA_TMP/sp-key.pem" -pubout -outform DER 2>/dev/null |
	tail -c 64 | head -c 32 | od -An -tx1 | tr -d ' \n')
check "the SP's key is held by a child process; the log names its public key" \
	"[ -n \"$keeper\" ] && grep -q \"key-holding process $keeper): public x $pubx\" $RA_TMP/spd.log"
# --- the trusted path ---------------------------------------------------
attest "$SPD_URL"
check "trusted: the enclave is attested and gets the secret" \
	"[ $RC -eq 0 ] && grep -q 'Trusted (trusted)' $RA_TMP/out"
want=$(sha256sum "$RA_TMP/secret" | cut -c1-64)
check "the enclave's secret is the SP's (SHA-256 as the enclave sees it)" \
	"grep -q \"SHA-256 $want\" $RA_TMP/out"
check "the ten steps are traced (3, 1, 2, 9, 10, 4, 8)" \
	"[ \$(grep -c '\[step' $RA_TMP/out) -ge 8 ]"
check "the SP logs its decision with the reason" \
	"grep -q 'TRUSTED: trusted (status OK' $RA_TMP/spd.log"
challenge=0123456789abcdef
proof=$("$HOST" --socket "$SOCK" "$ENC" prove "$RA_TMP/sealed.bin" "$challenge")
key=$( (printf 'sgxra prove'; cat "$RA_TMP/secret") | sha256sum | cut -c1-32)
expect=$(printf '%s' "$challenge" |
	openssl mac -cipher AES-128-CBC -macopt "hexkey:$key" CMAC | tr A-F a-f)
check "a new enclave instance proves possession without attesting again" \
	"[ -n \"$proof\" ] && [ \"$proof\" = \"$expect\" ]"

# --- sgxra run: the same flow from the command line ----------------------
SGXRA=$RA_BIN/sgxra
"$SGXRA" run "$ENC" --socket "$SOCK" --sp "$SPD_URL" --ecall 4 \
	--output "$RA_TMP/run-sealed.bin" > "$RA_TMP/run.out" 2>&1
RC=$?
check "sgxra run --sp: trusted, steps traced, the secret sealed by ECALL" \
	"[ $RC -eq 0 ] && grep -q 'status  *Trusted' $RA_TMP/run.out &&
	 [ \$(grep -c '\[step' $RA_TMP/run.out) -ge 8 ] &&
	 grep -q \"secret_sha256  *$want\" $RA_TMP/run.out &&
	 [ -s $RA_TMP/run-sealed.bin ]"
proof=$("$HOST" --socket "$SOCK" "$ENC" prove "$RA_TMP/run-sealed.bin" "$challenge")
check "... and what it sealed proves possession in a new enclave instance" \
	"[ -n \"$proof\" ] && [ \"$proof\" = \"$expect\" ]"
"$SGXRA" run "$ENC" --socket "$SOCK" --sp "$SPD_URL" --json \
	> "$RA_TMP/run.json" 2> /dev/null
check "sgxra run --json: one object with identity, steps and verdict" \
	"python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); \
	 a=d[\"attestation\"]; assert d[\"mr_enclave\"]==sys.argv[2]; \
	 assert a[\"status\"]==\"Trusted\" and len(a[\"steps\"])>=8' \
	 $RA_TMP/run.json $MRENCLAVE"
# The same enclave signed to allow debug launches (MRENCLAVE unchanged),
# launched in debug mode: the SP's production policy refuses it.
printf 'isv_prod_id = 2\nisv_svn = 1\nheap_size = 1M\nstack_size = 128K\ndebug = yes\n' \
	> "$RA_TMP/debug.conf"
"$SGXRA" keygen --type enclave "$RA_TMP/debug-signer.pem" > /dev/null 2>&1
"$SGXRA" sign --key "$RA_TMP/debug-signer.pem" --config "$RA_TMP/debug.conf" \
	--out "$RA_TMP/debug.signed.so" "$ENC" > /dev/null 2>&1
"$SGXRA" run "$RA_TMP/debug.signed.so" --debug --socket "$SOCK" \
	--sp "$SPD_URL" --ecall 4 --output "$RA_TMP/debug-sealed.bin" \
	> "$RA_TMP/run.out" 2>&1
RC=$?
check "debug enclave under production policy: NotTrusted, no secret" \
	"[ $RC -eq 1 ] && grep -q 'flag_names .*DEBUG' $RA_TMP/run.out &&
	 grep -q 'NotTrusted' $RA_TMP/run.out && grep -q 'secret_len  *0' $RA_TMP/run.out &&
	 [ ! -e $RA_TMP/debug-sealed.bin ] && grep -qi 'debug' $RA_TMP/spd.log"
"$SGXRA" run "$ENC" --socket "$SOCK" --sp "$SPD_URL" --ecall-base 4 \
	> "$RA_TMP/run.out" 2>&1
check "sgxra run with the wrong --ecall-base: refused, exit 1" \
	"[ $? -eq 1 ] && grep -q 'attestation failed' $RA_TMP/run.out"
"$SGXRA" run "$ENC" --socket "$SOCK" --timeout 5 > "$RA_TMP/run.out" 2>&1
check "sgxra run: --timeout without --sp is a usage error" \
	"[ $? -eq 2 ] && grep -q 'go with --sp' $RA_TMP/run.out"
"$SGXRA" run "$RA_TMP/none.so" --socket "$SOCK" > "$RA_TMP/run.out" 2>&1
check "sgxra run: a missing enclave file is named" \
	"[ $? -eq 1 ] && grep -q 'none.so: No such file' $RA_TMP/run.out"

# --- the man in the middle ----------------------------------------------
mitm() { # MODE: start the proxy; sets MURL
	[ -n "$MITM_PID" ] && kill -TERM "$MITM_PID" 2>/dev/null
	rm -f "$RA_TMP/mitm.port"
	python3 tests/integration/ra_mitm.py "$SPD_URL" "$RA_TMP/mitm.port" \
		"$RA_TMP" "$1" 2>> "$RA_TMP/mitm.log" &
	MITM_PID=$!
	ra_wait_for "[ -s $RA_TMP/mitm.port ]"
	MURL=http://127.0.0.1:$(cat "$RA_TMP/mitm.port")
}

mitm pass
attest "$MURL"
check "through a faithful relay: still trusted" "[ $RC -eq 0 ]"
code=$(curl -s --noproxy '*' -o "$RA_TMP/b" -w '%{http_code}' \
	-H "X-SGXRA-Session: $(cat "$RA_TMP/session")" \
	--data-binary @"$RA_TMP/msg3" "$SPD_URL/ra/v1/msg3")
check "a replayed msg3 is refused (409, replay)" \
	"[ $code = 409 ] && grep -q replay $RA_TMP/b"
code=$(curl -s --noproxy '*' -o "$RA_TMP/b" -w '%{http_code}' \
	-H "X-SGXRA-Session: 00112233445566778899aabbccddeeff" \
	--data-binary @"$RA_TMP/msg3" "$SPD_URL/ra/v1/msg3")
check "a msg3 for an unknown session is refused (404)" "[ $code = 404 ]"
head -c 71 /dev/zero > "$RA_TMP/short"
code=$(curl -s --noproxy '*' -o "$RA_TMP/b" -w '%{http_code}' \
	--data-binary @"$RA_TMP/short" "$SPD_URL/ra/v1/msg01")
check "a truncated msg0||msg1 is refused (400)" "[ $code = 400 ]"
head -c 73 /dev/zero > "$RA_TMP/long"
code=$(curl -s --noproxy '*' -o "$RA_TMP/b" -w '%{http_code}' \
	--data-binary @"$RA_TMP/long" "$SPD_URL/ra/v1/msg01")
check "an oversized msg0||msg1 is refused (413)" "[ $code = 413 ]"

mitm gb
attest "$MURL"
check "g_b replaced in msg2: the enclave refuses (sign_gb_ga)" \
	"no_secret && grep -q 'refused msg2' $RA_TMP/out"
for bit in 3 700 1000 1190 1300; do
	mitm "flip2:$bit"
	attest "$MURL"
	check "msg2 with bit $bit flipped: refused" "no_secret"
done
mitm ga3
attest "$MURL"
check "g_a replaced in msg3: the SP refuses" \
	"no_secret && grep -q 'g_a' $RA_TMP/out"
for bit in 5 300 1000 3000 6000; do
	mitm "flip3:$bit"
	attest "$MURL"
	check "msg3 with bit $bit flipped: the SP refuses" "no_secret"
done
mitm trunc3
attest "$MURL"
check "truncated msg3: refused" "no_secret"
mitm grow3
attest "$MURL"
check "msg3 with a byte added: refused" "no_secret"

# --- sgx-ra-sample's transport ------------------------------------------
mitm "ras:$RAS_PORT"
attest "$MURL"
check "sgx-ra-sample transport: msg2 and a 105-byte msg4 (Trusted)" \
	"[ \"\$(head -c 4 $RA_TMP/ras-msg4 | od -An -tx1 | tr -d ' ')\" = 03000000 ] &&
	 [ \$(stat -c %s $RA_TMP/ras-msg4) = 105 ]"
check "... whose unauthenticated msg4 the enclave refuses: no secret" \
	"no_secret"
kill -TERM "$MITM_PID" 2>/dev/null
MITM_PID=

# --- enclave policy and SP identity --------------------------------------
ra_spd_stop
ra_spd_start --allow-emulated true \
	--mrenclave 00000000000000000000000000000000000000000000000000000000000000aa
attest "$SPD_URL"
check "MRENCLAVE not allowed: NotTrusted, no secret" \
	"no_secret && grep -q 'NotTrusted' $RA_TMP/out && grep -q mrenclave $RA_TMP/spd.log"
ra_spd_stop
openssl ecparam -name prime256v1 -genkey -noout 2>/dev/null |
	openssl pkcs8 -topk8 -nocrypt -out "$RA_TMP/other-key.pem"
chmod 600 "$RA_TMP/other-key.pem"
cp "$RA_TMP/sp-key.pem" "$RA_TMP/sp-key.orig"
cp "$RA_TMP/other-key.pem" "$RA_TMP/sp-key.pem"
ra_spd_start --allow-emulated true --mrenclave "$MRENCLAVE"
attest "$SPD_URL"
check "an SP whose key is not the enclave's: the enclave refuses msg2" \
	"no_secret && grep -q 'refused msg2' $RA_TMP/out"
ra_spd_stop
cp "$RA_TMP/sp-key.orig" "$RA_TMP/sp-key.pem"
ra_spd_start --allow-emulated true --mrenclave "$MRENCLAVE"

# --- the attestation service's verdicts ----------------------------------
code=$(ra_admin PUT "/admin/v1/groups/$GID/tcb" \
	'{"levels":[{"cpuSvn":"ffffffffffffffffffffffffffffffff","qeSvn":65535,"pceSvn":65535,"status":"OK"}]}')
attest "$SPD_URL"
check "out-of-date TCB under a policy that refuses it: no secret" \
	"[ $code = 200 ] && no_secret && grep -q GROUP_OUT_OF_DATE $RA_TMP/spd.log"
code=$(ra_admin PUT "/admin/v1/groups/$GID/tcb" '{"levels":[]}')
attest "$SPD_URL"
check "TCB levels cleared: trusted again" "[ $RC -eq 0 ]"
quote64=$(tail -c +337 "$RA_TMP/msg3" | base64 -w0)
code=$(ra_admin POST "/admin/v1/groups/$GID/sigrl" "{\"quote\":\"$quote64\"}")
attest "$SPD_URL"
check "signature revoked (SigRL): the quoting enclave refuses, no secret" \
	"[ $code = 200 ] && no_secret && grep -qi 'revoked' $RA_TMP/out"
code=$(ra_admin POST "/admin/v1/groups/$GID/revoke" '{"reason":1}')
attest "$SPD_URL"
check "group revoked: no secret" "[ $code = 200 ] && no_secret"

echo "1..$n"
