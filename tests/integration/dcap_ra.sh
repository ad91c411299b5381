#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# DCAP remote attestation end to end (TAP): sgxra-attestd's Quote
# Verification Service endpoint (POST /attestation/sgx/dcap/v1/report)
# and an SP configured for DCAP (sgxra-spd --quote-type dcap: msg2
# quote_type 2, no SigRL, the quote verified by that endpoint against the
# service's own emulated PCS collateral). The platform, provisioned for
# EPID and DCAP, attests the secret-provisioning example and gets the
# secret; the endpoint's signed reports verify with `sgxra avr verify
# --dcap`; a changed byte gives a non-OK status, Intel's real quote is
# refused, malformed requests are 400, and every report leaves an audit
# row. Every process started is stopped by PID (scripts/ra-env.sh).
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
QVS=$AD_URL/attestation/sgx/dcap/v1
ROOT=$RA_TMP/ad/public/report-ca.crt
REAL=tests/data/real/dcap/automata-dcap-rs-sgx-v3/quote.bin

# --- the SP configured for DCAP ------------------------------------------
"$RA_BIN/sgxra-spd" -d --sp-key "$RA_TMP/sp-key.pem" --spid "$SPID" \
	--ias-url "$AD_URL/attestation/v4" --ias-key-file "$RA_TMP/ias.key" \
	--ias-root "$ROOT" --allow-emulated true --mrenclave "$MRENCLAVE" \
	--quote-type dcap > "$RA_TMP/o" 2>&1
check "sgxra-spd --quote-type dcap needs --qvs-url" \
	"[ \$? -eq 2 ] && grep -q 'missing qvs-url' $RA_TMP/o"
"$RA_BIN/sgxra-spd" -d --sp-key "$RA_TMP/sp-key.pem" --spid "$SPID" \
	--quote-type tdx > "$RA_TMP/o" 2>&1
check "sgxra-spd refuses an unknown quote type" \
	"[ \$? -eq 2 ] && grep -q 'quote-type' $RA_TMP/o"
ra_spd_start --allow-emulated true --mrenclave "$MRENCLAVE" \
	--quote-type dcap --qvs-url "$QVS"
check "sgxra-spd starts with --quote-type dcap" "[ -n \"\${SPD_URL:-}\" ]"

"$SGXRA" run "$RA_EX/enclave.signed.so" --socket "$SOCK" --sp "$SPD_URL" \
	--ecall 4 --output "$RA_TMP/sealed.bin" > "$RA_TMP/run.out" 2>&1
RC=$?
want=$(sha256sum "$RA_TMP/secret" | cut -c1-64)
check "DCAP remote attestation: Trusted, and the enclave gets the secret" \
	"[ $RC -eq 0 ] && grep -q 'status  *Trusted' $RA_TMP/run.out &&
	 grep -q \"secret_sha256  *$want\" $RA_TMP/run.out &&
	 [ -s $RA_TMP/sealed.bin ]"
check "the QE made a DCAP quote (step 10)" \
	"grep -q 'DCAP ECDSA quote' $RA_TMP/run.out"
check "the SP sent no SigRL request and logged a verified report" \
	"! grep -q 'sigrl' $RA_TMP/attestd.log &&
	 grep -q 'report .* received: OK' $RA_TMP/spd.log &&
	 grep -q 'TRUSTED: trusted (status OK' $RA_TMP/spd.log"
check "attestd answered the DCAP report endpoint" \
	"grep -q 'qvs_report' $RA_TMP/attestd.log"

# --- the endpoint directly -------------------------------------------------
PROBE=$BUILD/tests/enclaves/probe/enclave.signed.so
"$SGXRA" run "$PROBE" --socket "$SOCK" --dcap-quote "$RA_TMP/q.bin" \
	--report-ecall 7 > /dev/null 2>&1
post() { # FILE|'-' JSON...: body in $RA_TMP/body, headers in $RA_TMP/hdr
	curl -s --noproxy '*' -o "$RA_TMP/body" -D "$RA_TMP/hdr" \
		-w '%{http_code}' -H "Ocp-Apim-Subscription-Key: ${KEY-$(cat "$RA_TMP/ias.key")}" \
		-H 'Content-Type: application/json' --data-binary "@$1" "$QVS/report"
}
payload() { # QUOTE [NONCE] > payload file
	printf '{"isvQuote":"%s"%s}' "$(base64 -w0 "$1")" \
		"${2:+,\"nonce\":\"$2\"}" > "$RA_TMP/req.json"
}
header() { sed -n "s/^$1: *//Ip" "$RA_TMP/hdr" | tr -d '\r'; }
verify_report() { # -> $RA_TMP/v.json, status in RC
	header X-IASReport-Signature > "$RA_TMP/sig"
	header X-IASReport-Signing-Certificate > "$RA_TMP/certs"
	"$SGXRA" avr verify --dcap --body "$RA_TMP/body" --signature "$RA_TMP/sig" \
		--certs "$RA_TMP/certs" --root "$ROOT" --time now --json \
		> "$RA_TMP/v.json" 2> "$RA_TMP/v.err"
	RC=$?
}
field() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$RA_TMP/$1" "$2"; }

payload "$RA_TMP/q.bin" 0123456789abcdef
code=$(post "$RA_TMP/req.json")
verify_report
check "an emulated quote: 200, a signed report that verifies, OK" \
	"[ $code = 200 ] && [ $RC -eq 0 ] && [ \"\$(field v.json isvQuoteStatus)\" = OK ]"
check "the report has QVS's fields in QVS's order" \
	"python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); \
	 assert list(d)==[\"id\",\"timestamp\",\"version\",\"attestationType\",\"teeType\",\"isvQuoteStatus\",\"isvQuoteBody\",\"tcbEvaluationDataNumber\",\"tcbDate\",\"nonce\"], list(d); \
	 assert d[\"version\"]==5 and d[\"attestationType\"]==\"ECDSA\" and d[\"teeType\"]==\"SGX_STANDARD\" and d[\"nonce\"]==\"0123456789abcdef\"' $RA_TMP/body"
body_hex=$(head -c 432 "$RA_TMP/q.bin" | od -v -An -tx1 | tr -d ' \n')
got_hex=$(field v.json isvQuoteBody)
check "isvQuoteBody is the quote's header and report body (432 bytes)" \
	"[ \"$got_hex\" = \"$body_hex\" ]"
cp "$RA_TMP/body" "$RA_TMP/good.body"
flip_byte "$RA_TMP/body" 40 1
verify_report
check "a changed byte of the report body: the signature does not verify" \
	"[ $RC -ne 0 ] && grep -q signature $RA_TMP/v.err"

cp "$RA_TMP/q.bin" "$RA_TMP/bad.bin"
flip_byte "$RA_TMP/bad.bin" 200
payload "$RA_TMP/bad.bin"
code=$(post "$RA_TMP/req.json")
verify_report
check "a changed byte of the quote: a signed report, SIGNATURE_INVALID" \
	"[ $code = 200 ] && [ $RC -eq 0 ] &&
	 [ \"\$(field v.json isvQuoteStatus)\" = SIGNATURE_INVALID ]"

payload "$REAL"
code=$(post "$RA_TMP/req.json")
verify_report
check "Intel's real quote is refused: it does not chain to the emulated root" \
	"[ $code = 200 ] && [ $RC -eq 0 ] &&
	 [ \"\$(field v.json isvQuoteStatus)\" = PCK_CERT_CHAIN_UNTRUSTED ]"

ra_admin PUT /admin/v1/dcap/tcb '{"levels":[{"sgxtcbcomponents":[255,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],"pcesvn":0,"tcbStatus":"UpToDate"},{"sgxtcbcomponents":[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],"pcesvn":0,"tcbStatus":"OutOfDate","advisoryIDs":["INTEL-SA-00999","INTEL-SA-00334"]}]}' > /dev/null
payload "$RA_TMP/q.bin"
code=$(post "$RA_TMP/req.json")
verify_report
check "a platform below the newest TCB level: TCB_OUT_OF_DATE, sorted advisories" \
	"[ $code = 200 ] && [ $RC -eq 0 ] &&
	 [ \"\$(field v.json isvQuoteStatus)\" = TCB_OUT_OF_DATE ] &&
	 [ \"\$(field v.json advisoryIDs)\" = \"['INTEL-SA-00334', 'INTEL-SA-00999']\" ] &&
	 [ \"\$(field v.json tcbEvaluationDataNumber)\" = 2 ]"
"$SGXRA" run "$RA_EX/enclave.signed.so" --socket "$SOCK" --sp "$SPD_URL" \
	> "$RA_TMP/run2.out" 2>&1
check "... and the SP's policy (accept OK) refuses it: no secret" \
	"[ \$? -ne 0 ] && ! grep -q 'status  *Trusted' $RA_TMP/run2.out &&
	 grep -q 'status TCB_OUT_OF_DATE' $RA_TMP/spd.log"

# --- refusals before any report --------------------------------------------
printf '{"isvQuote":' > "$RA_TMP/req.json"
check "malformed JSON: 400" "[ \$(post $RA_TMP/req.json) = 400 ]"
printf '{"isvQuote":"not base64!"}' > "$RA_TMP/req.json"
check "bad base64: 400" "[ \$(post $RA_TMP/req.json) = 400 ]"
printf '{"isvQuote":"%s"}' "$(head -c 600 "$RA_TMP/q.bin" | base64 -w0)" > "$RA_TMP/req.json"
check "a quote that does not parse (truncated): 400" "[ \$(post $RA_TMP/req.json) = 400 ]"
payload "$RA_TMP/q.bin" 0123456789abcdef0123456789abcdef0
check "a nonce of 33 characters: 400" "[ \$(post $RA_TMP/req.json) = 400 ]"
payload "$RA_TMP/q.bin"
check "no subscription key: 401" "[ \$(KEY= post $RA_TMP/req.json) = 401 ]"
check "a wrong subscription key: 401" "[ \$(KEY=0123abcd post $RA_TMP/req.json) = 401 ]"

code=$(ra_admin GET /admin/v1/audit/verify)
check "every request left an intact audit row" \
	"[ $code = 200 ] && grep -q '\"intact\": *true' $RA_TMP/body"
rows=$(grep -o '"rows": *[0-9]*' "$RA_TMP/body" | grep -o '[0-9]*$')
check "... at least one per DCAP request above (12)" "[ \"\${rows:-0}\" -ge 12 ]"

echo "1..$n"
