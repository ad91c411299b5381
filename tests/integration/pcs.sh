#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# sgxra-attestd's emulated PCS (TAP): the DCAP PKI made by --init (and
# at start for a state made before it), every PCS v4 endpoint with curl
# (status codes, issuer-chain headers, encodings), the DCAP TCB
# administration, and the end-to-end proof: a DCAP v3 quote signed
# through the PCK key of a certificate from GET pckcert verifies
# UpToDate with `sgxra quote verify --collateral URL --root
# public/dcap-root.crt`, is refused under Intel's root, follows the TCB
# levels the administrator sets, and is refused as revoked once its PCK
# certificate is revoked. Loopback only; processes stopped by PID.
set -u
B=${SGXRA_BUILD:-build/release}
AD=$B/bin/sgxra-attestd
RA=$B/bin/sgxra
DQ=$B/tests/tools/dcap_quote
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

wait_for() { # up to 10 s
	local i
	for i in $(seq 1 100); do
		eval "$1" && return 0
		sleep 0.1
	done
	return 1
}

EXTRA=()
if [ -n "${SGXRA_VALGRIND:-}" ]; then EXTRA=(--no-sandbox); fi

start() { # start STATE: sets PID, U
	rm -f "$tmp/port"
	"$AD" -d --state "$1" --listen 127.0.0.1:0 --port-file "$tmp/port" \
		"${EXTRA[@]}" >> "$tmp/log" 2>&1 &
	PID=$!
	pids+=("$PID")
	wait_for "[ -s $tmp/port ]"
	U=http://127.0.0.1:$(cat "$tmp/port" 2>/dev/null)
	P=$U/sgx/certification/v4
}

stop() {
	kill -TERM "$PID" 2>/dev/null
	wait_for "! kill -0 $PID 2>/dev/null"
	wait "$PID"
}

# code METHOD URL [curl options]: the status; body in $tmp/body,
# headers in $tmp/hdr
code() {
	local m=$1 u=$2
	shift 2
	curl -s --noproxy '*' -D "$tmp/hdr" -o "$tmp/body" -w '%{http_code}' \
		-X "$m" "$@" "$u"
}

# header NAME: its value in the last response, URL-decoded
header() {
	python3 -c '
import sys, urllib.parse
for l in open(sys.argv[1], encoding="latin-1"):
    k, _, v = l.partition(":")
    if k.strip().lower() == sys.argv[2].lower():
        sys.stdout.write(urllib.parse.unquote(v.strip()))
' "$tmp/hdr" "$1"
}

# --- the PKI --------------------------------------------------------------
"$AD" --init --state "$tmp/s" > "$tmp/out" 2>&1
check "--init makes the DCAP PKI" \
	"[ -s $tmp/s/public/dcap-root.crt ] && [ -s $tmp/s/public/dcap-platform-ca.crt ] &&
	 [ -s $tmp/s/public/dcap-tcb-signing.crt ] &&
	 [ \"\$(stat -c %a $tmp/s/keys/dcap-root.key)\" = 600 ]"
subj() { openssl x509 -in "$1" -noout -subject -nameopt utf8,sep_comma_plus; }
check "the root says EMULATED and not Intel, and is self-signed" \
	"subj $tmp/s/public/dcap-root.crt | grep -q 'sgxra EMULATED SGX Root CA — not Intel' &&
	 openssl verify -CAfile $tmp/s/public/dcap-root.crt $tmp/s/public/dcap-root.crt > /dev/null"
check "Platform CA and TCB Signing are issued by the root" \
	"subj $tmp/s/public/dcap-platform-ca.crt | grep -q 'SGX PCK Platform CA' &&
	 subj $tmp/s/public/dcap-tcb-signing.crt | grep -q 'SGX TCB Signing' &&
	 openssl verify -CAfile $tmp/s/public/dcap-root.crt \
	   $tmp/s/public/dcap-platform-ca.crt $tmp/s/public/dcap-tcb-signing.crt > /dev/null"
check "the root and the CA are CAs, the signer is not" \
	"openssl x509 -in $tmp/s/public/dcap-platform-ca.crt -noout -ext basicConstraints | grep -q 'CA:TRUE' &&
	 openssl x509 -in $tmp/s/public/dcap-tcb-signing.crt -noout -ext basicConstraints | grep -q 'CA:FALSE'"

# A state made before the DCAP PKI: it appears at start, the rest stays.
mkdir -p "$tmp/old"
cp -a "$tmp/s/." "$tmp/old/"
rm -f "$tmp"/old/keys/dcap-* "$tmp"/old/public/dcap-*
before=$(sha256sum "$tmp/old/public/report-ca.crt" "$tmp/old/keys/master.key")
start "$tmp/old"
check "an older state gets its DCAP PKI at start" \
	"[ -s $tmp/old/public/dcap-root.crt ] && [ -s $tmp/old/keys/dcap-tcb-signing.der ] &&
	 [ \$(code GET $P/qe/identity) = 200 ]"
check "... and keeps its other keys" \
	"[ \"\$(sha256sum $tmp/old/public/report-ca.crt $tmp/old/keys/master.key)\" = \"$before\" ]"
stop
old_root=$(sha256sum < "$tmp/old/public/dcap-root.crt")
start "$tmp/old"
check "... made once: a second start keeps it" \
	"[ \"\$(sha256sum < $tmp/old/public/dcap-root.crt)\" = \"$old_root\" ] &&
	 [ \$(code GET $P/rootcacrl) = 200 ]"
stop

# --- the endpoints --------------------------------------------------------
start "$tmp/s"
T=$(cat "$tmp/s/admin.token")
A=(-H "Authorization: Bearer $T")
FMSPC=534758524100

check "tcb: 200, a TCB Info v3 document and its chain header" \
	"[ \$(code GET '$P/tcb?fmspc=$FMSPC') = 200 ] &&
	 grep -q '^{\"tcbInfo\":{\"id\":\"SGX\",\"version\":3,' $tmp/body &&
	 grep -q '\"signature\":\"[0-9a-f]\{128\}\"}$' $tmp/body &&
	 header TCB-Info-Issuer-Chain | grep -c 'BEGIN CERTIFICATE' | grep -qx 2"
check "tcb: the default level is UpToDate at all-zero components" \
	"grep -q '\"tcbLevels\":\[{\"tcb\":{\"sgxtcbcomponents\":\[{\"svn\":0}' $tmp/body &&
	 grep -q '\"tcbStatus\":\"UpToDate\"' $tmp/body && grep -q '\"pceId\":\"0000\"' $tmp/body"
check "tcb: an unknown FMSPC is 404" \
	"[ \$(code GET '$P/tcb?fmspc=00906ED50000') = 404 ] && grep -q not_found $tmp/body"
check "tcb: a bad or missing FMSPC is 400" \
	"[ \$(code GET '$P/tcb?fmspc=5347585241') = 400 ] &&
	 [ \$(code GET '$P/tcb?fmspc=zz4758524100') = 400 ] &&
	 [ \$(code GET $P/tcb) = 400 ]"
check "qe/identity: 200, QE Identity v2 and its chain header" \
	"[ \$(code GET $P/qe/identity) = 200 ] &&
	 grep -q '^{\"enclaveIdentity\":{\"id\":\"QE\",\"version\":2,' $tmp/body &&
	 header SGX-Enclave-Identity-Issuer-Chain | grep -q 'BEGIN CERTIFICATE'"
check "pckcrl: PEM by default, with the CRL issuer chain" \
	"[ \$(code GET '$P/pckcrl?ca=platform') = 200 ] &&
	 openssl crl -in $tmp/body -noout -issuer | grep -q 'SGX PCK Platform CA' &&
	 header SGX-PCK-CRL-Issuer-Chain | grep -c 'BEGIN CERTIFICATE' | grep -qx 2"
check "pckcrl: DER with encoding=der, CRL Number and AKI present" \
	"[ \$(code GET '$P/pckcrl?ca=platform&encoding=der') = 200 ] &&
	 openssl crl -inform DER -in $tmp/body -noout -text > $tmp/crl.txt &&
	 grep -q 'CRL Number' $tmp/crl.txt && grep -q 'Authority Key Identifier' $tmp/crl.txt"
check "pckcrl: ca=processor is 404 (no Processor CA), a bad ca 400" \
	"[ \$(code GET '$P/pckcrl?ca=processor') = 404 ] &&
	 [ \$(code GET '$P/pckcrl?ca=other') = 400 ] && [ \$(code GET $P/pckcrl) = 400 ] &&
	 [ \$(code GET '$P/pckcrl?ca=platform&encoding=base64') = 400 ]"
check "rootcacrl: hex of the DER CRL by the root" \
	"[ \$(code GET $P/rootcacrl) = 200 ] && xxd -r -p $tmp/body > $tmp/root.crl &&
	 openssl crl -inform DER -in $tmp/root.crl -noout -issuer | grep -q 'SGX Root CA'"

# --- PCK certificates -----------------------------------------------------
PP=00112233445566778899aabbccddeeff
AK=0f0e0d0c0b0a09080706050403020100
CPU=05050505050505050505050505050505
check "enroll a platform" \
	"[ \$(code POST $U/admin/v1/platforms \"\${A[@]}\" \
	   -d '{\"ppid\":\"$PP\",\"authKey\":\"$AK\"}') = 201 ]"
E=$("$DQ" eppid "$tmp/s/public/quote-encryption.pem" "$PP")
Q="encrypted_ppid=$E&cpusvn=$CPU&pcesvn=0a00&pceid=0000"
check "pckcert: 200, the certificate and its headers" \
	"[ \$(code GET '$P/pckcert?$Q') = 200 ] && cp $tmp/body $tmp/pck.pem &&
	 header SGX-PCK-Certificate-Issuer-Chain > $tmp/chain.pem &&
	 grep -c 'BEGIN CERTIFICATE' $tmp/chain.pem | grep -qx 2 &&
	 [ \"\$(header SGX-TCBm)\" = ${CPU}0a00 ] && [ \"\$(header SGX-FMSPC)\" = $FMSPC ] &&
	 [ \"\$(header SGX-PCK-Certificate-CA-Type)\" = platform ]"
check "pckcert: the leaf chains to the root and carries the SGX extension" \
	"openssl verify -CAfile $tmp/s/public/dcap-root.crt -untrusted $tmp/chain.pem $tmp/pck.pem > /dev/null &&
	 openssl x509 -in $tmp/pck.pem -noout -text | grep -q '1.2.840.113741.1.13.1' &&
	 subj $tmp/pck.pem | grep -q 'sgxra EMULATED SGX PCK Certificate'"
check "pckcert: the same TCB gets the same certificate" \
	"[ \$(code GET '$P/pckcert?$Q') = 200 ] && cmp -s $tmp/body $tmp/pck.pem"
E2=$("$DQ" eppid "$tmp/s/public/quote-encryption.pem" ffeeddccbbaa99887766554433221100)
check "pckcert: an unknown platform is 404" \
	"[ \$(code GET '$P/pckcert?encrypted_ppid=$E2&cpusvn=$CPU&pcesvn=0a00&pceid=0000') = 404 ] &&
	 grep -q 'not enrolled' $tmp/body"
check "pckcert: bad parameters are 400" \
	"[ \$(code GET '$P/pckcert?encrypted_ppid=$E&cpusvn=05&pcesvn=0a00&pceid=0000') = 400 ] &&
	 [ \$(code GET '$P/pckcert?encrypted_ppid=$E&cpusvn=$CPU&pcesvn=a&pceid=0000') = 400 ] &&
	 [ \$(code GET '$P/pckcert?encrypted_ppid=00&cpusvn=$CPU&pcesvn=0a00&pceid=0000') = 400 ] &&
	 [ \$(code GET '$P/pckcert?cpusvn=$CPU&pcesvn=0a00&pceid=0000') = 400 ]"
BAD=$(printf '%s' "$E" | sed 's/^../00/')
check "pckcert: a PPID that does not decrypt is 400, another PCE-ID 404" \
	"[ \$(code GET '$P/pckcert?encrypted_ppid=$BAD&cpusvn=$CPU&pcesvn=0a00&pceid=0000') = 400 ] &&
	 [ \$(code GET '$P/pckcert?encrypted_ppid=$E&cpusvn=$CPU&pcesvn=0a00&pceid=0100') = 404 ]"

# --- the end-to-end proof -------------------------------------------------
verify() { "$RA" quote verify "$tmp/q.bin" --collateral "$U" "$@" > "$tmp/v" 2>&1; }
check "a quote through the PCK key: UpToDate under the emulated root" \
	"$DQ make $AK $CPU 10 $tmp/pck.pem $tmp/chain.pem $tmp/q.bin &&
	 verify --root $tmp/s/public/dcap-root.crt --time now &&
	 grep -q 'status *UpToDate' $tmp/v"
check "... refused under Intel's root (the default)" \
	"! verify && grep -q refused $tmp/v"
check "... refused under another service's root" \
	"! verify --root $tmp/old/public/dcap-root.crt && grep -q refused $tmp/v"

check "admin: TCB levels need the token; bad levels are 400" \
	"[ \$(code PUT $U/admin/v1/dcap/tcb -d '{\"levels\":[]}') = 401 ] &&
	 [ \$(code PUT $U/admin/v1/dcap/tcb \"\${A[@]}\" -d '{\"levels\":[]}') = 400 ] &&
	 [ \$(code PUT $U/admin/v1/dcap/tcb \"\${A[@]}\" \
	   -d '{\"levels\":[{\"sgxtcbcomponents\":[1],\"pcesvn\":0,\"tcbStatus\":\"UpToDate\"}]}') = 400 ] &&
	 [ \$(code PUT $U/admin/v1/dcap/tcb \"\${A[@]}\" \
	   -d '{\"levels\":[{\"sgxtcbcomponents\":[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],\"pcesvn\":0,\"tcbStatus\":\"Fine\"}]}') = 400 ]"
C6='[6,6,6,6,6,6,6,6,6,6,6,6,6,6,6,6]'
C0='[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]'
LV="{\"levels\":[{\"sgxtcbcomponents\":$C6,\"pcesvn\":10,\"tcbStatus\":\"UpToDate\",\"tcbDate\":\"2026-01-01T00:00:00Z\"},
 {\"sgxtcbcomponents\":$C0,\"pcesvn\":0,\"tcbStatus\":\"OutOfDate\",\"advisoryIDs\":[\"INTEL-SA-00615\"]}]}"
check "admin: set two levels; the evaluation data number goes up" \
	"[ \$(code PUT $U/admin/v1/dcap/tcb \"\${A[@]}\" -d '$LV') = 200 ] &&
	 grep -q '\"tcbEvaluationDataNumber\": *2' $tmp/body &&
	 [ \$(code GET $U/admin/v1/dcap/tcb \"\${A[@]}\") = 200 ] &&
	 grep -q 'INTEL-SA-00615' $tmp/body"
check "... the quote's platform is now OutOfDate with the advisory" \
	"verify --root $tmp/s/public/dcap-root.crt; grep -q 'status *OutOfDate' $tmp/v &&
	 grep -q 'INTEL-SA-00615' $tmp/v"

SERIAL=$(openssl x509 -in "$tmp/pck.pem" -noout -serial | cut -d= -f2)
check "admin: revoke needs the token, one of serial and ppid" \
	"[ \$(code POST $U/admin/v1/dcap/pck/revoke -d '{\"serial\":\"$SERIAL\"}') = 401 ] &&
	 [ \$(code POST $U/admin/v1/dcap/pck/revoke \"\${A[@]}\" -d '{}') = 400 ] &&
	 [ \$(code POST $U/admin/v1/dcap/pck/revoke \"\${A[@]}\" -d '{\"serial\":\"xyz\"}') = 400 ] &&
	 [ \$(code POST $U/admin/v1/dcap/pck/revoke \"\${A[@]}\" -d '{\"serial\":\"1\"}') = 404 ]"
code GET "$P/pckcrl?ca=platform" > /dev/null
n1=$(openssl crl -in "$tmp/body" -noout -crlnumber | cut -d= -f2 | sed s/^0x//)
check "admin: revoke the PCK certificate by serial" \
	"[ \$(code POST $U/admin/v1/dcap/pck/revoke \"\${A[@]}\" -d '{\"serial\":\"$SERIAL\"}') = 200 ] &&
	 [ \$(code POST $U/admin/v1/dcap/pck/revoke \"\${A[@]}\" -d '{\"serial\":\"$SERIAL\"}') = 404 ]"
check "... it is in the next PCK CRL, whose number went up" \
	"[ \$(code GET '$P/pckcrl?ca=platform') = 200 ] &&
	 openssl crl -in $tmp/body -noout -text | grep -qi 'Serial Number: *$SERIAL' &&
	 [ \$((16#\$(openssl crl -in $tmp/body -noout -crlnumber | cut -d= -f2 | sed s/^0x//))) -gt \$((16#$n1)) ]"
check "... and the quote is refused as revoked" \
	"! verify --root $tmp/s/public/dcap-root.crt && grep -qi 'revoked' $tmp/v"
stop
start "$tmp/s"
check "the CRL and its number persist across a restart" \
	"[ \$(code GET '$P/pckcrl?ca=platform') = 200 ] &&
	 openssl crl -in $tmp/body -noout -text | grep -qi 'Serial Number: *$SERIAL'"
adm() { "$RA" admin "$@" --attestd "$U" --admin-token "$tmp/s/admin.token" > "$tmp/out" 2>&1; }
check "sgxra admin dcap-tcb show: the levels and the evaluation number" \
	"adm dcap-tcb show && grep -q 'INTEL-SA-00615' $tmp/out &&
	 grep -q 'tcbEvaluationDataNumber' $tmp/out"
check "sgxra admin revoke pck --ppid: the platform's other certificate" \
	"[ \$(code GET '$P/pckcert?encrypted_ppid=$E&cpusvn=$CPU&pcesvn=0b00&pceid=0000') = 200 ] &&
	 adm revoke pck --ppid $PP && grep -q '\"revoked\": *1' $tmp/out &&
	 ! adm revoke pck --ppid $PP"
stop

echo "1..$n"
