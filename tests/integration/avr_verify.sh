#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# sgxra avr verify on every real IAS report: it verifies at its pinned
# time with Intel's root and prints the recorded id and status; after the
# signing certificate's notAfter, under another root, with a changed body
# byte or a malformed header it exits 1 with one line naming the failure;
# usage errors exit 2.
set -u
S=${SGXRA_BUILD:-build/release}/bin/sgxra
R=tests/data/real
ROOT=$R/roots/ias_attestation_report_signing_ca.pem
EXPIRED=1795167418 # 2026-11-20T09:36:58Z, the signing certificate's notAfter
n=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { n=$((n + 1)); echo "ok $n - $*"; }
nok() { n=$((n + 1)); echo "not ok $n - $*"; }
check() { if eval "$2"; then ok "$1"; else nok "$1"; fi; }
field() { grep -m1 "\"$2\"" "$1" | sed 's/.*": *"\{0,1\}\([^",]*\)"\{0,1\},\{0,1\}$/\1/'; }

# exit status 1, exactly one line on stderr, which matches a pattern
fails() {
	local name=$1 pattern=$2
	shift 2
	"$S" avr verify "$@" > /dev/null 2> "$tmp/err"
	local rc=$?
	if [ "$rc" -eq 1 ] && [ "$(wc -l < "$tmp/err")" -eq 1 ] &&
		grep -q -- "$pattern" "$tmp/err"; then
		ok "$name: $(cat "$tmp/err")"
	else
		nok "$name: exit $rc, stderr: $(head -3 "$tmp/err")"
	fi
}

for d in "$R"/ias/*/expected.json "$R"/ias/oasis-core/*/expected.json; do
	[ -f "$d" ] || continue
	d=$(dirname "$d")
	name=${d#"$R"/ias/}
	case $name in
	oasis-core/*) certs=$R/ias/oasis-core/avr_certificates_urlencoded.pem ;;
	*) certs=$d/avr_signing_cert.pem ;;
	esac
	t=$(field "$d/expected.json" suggested_verification_time_unix)
	args=(--body "$d/avr_body.json" --signature "$d/avr_signature.b64"
		--certs "$certs" --root "$ROOT")
	"$S" avr verify "${args[@]}" --time "$t" > "$tmp/out" 2> "$tmp/err"
	rc=$?
	check "$name: verifies at $t" "[ $rc -eq 0 ] && [ ! -s $tmp/err ]"
	status=$(field "$d/expected.json" isvEnclaveQuoteStatus)
	id=$(field "$d/expected.json" id)
	check "$name: status $status" \
		"grep -q '^isvEnclaveQuoteStatus  *$status\$' $tmp/out"
	check "$name: id $id" "grep -q '^id  *$id\$' $tmp/out"
	"$S" avr verify "${args[@]}" --time "$t" --json > "$tmp/json"
	check "$name: JSON" \
		"grep -q '\"isvEnclaveQuoteStatus\": \"$status\"' $tmp/json"
	fails "$name: after notAfter" "^sgxra: chain: certificate 0.*expired" \
		"${args[@]}" --time "$EXPIRED"
	fails "$name: DCAP root" "^sgxra: chain: " "${args[@]/$ROOT/$R/roots/intel_sgx_root_ca.der}" --time "$t"
	# one changed byte in the middle of the body
	cp "$d/avr_body.json" "$tmp/body"
	size=$(stat -c %s "$tmp/body")
	printf 'X' | dd of="$tmp/body" bs=1 seek=$((size / 2)) conv=notrunc 2> /dev/null
	fails "$name: changed body" "^sgxra: signature: " \
		--body "$tmp/body" --signature "$d/avr_signature.b64" \
		--certs "$certs" --root "$ROOT" --time "$t"
done

d=$R/ias/oasis-core/avr_v4
C=$R/ias/oasis-core/avr_certificates_urlencoded.pem
T=1589188935
"$S" avr verify --body "$d/avr_body.json" --signature "$(cat "$d/avr_signature.b64")" \
	--certs "$C" --root "$ROOT" --time "$T" > /dev/null 2>&1
check "signature given as a string" "[ $? -eq 0 ]"
sed 's/%0A/%ZZ/' "$C" > "$tmp/certs"
fails "malformed percent-encoding" "^sgxra: format: certificates" \
	--body "$d/avr_body.json" --signature "$d/avr_signature.b64" \
	--certs "$tmp/certs" --root "$ROOT" --time "$T"
fails "malformed signature" "^sgxra: format: signature" \
	--body "$d/avr_body.json" --signature "AAB=" \
	--certs "$C" --root "$ROOT" --time "$T"

for missing in --time --root --certs; do
	args=()
	for pair in "--body $d/avr_body.json" "--signature $d/avr_signature.b64" \
		"--certs $C" "--root $ROOT" "--time $T"; do
		# shellcheck disable=SC2086
		[ "${pair%% *}" = "$missing" ] || args+=($pair)
	done
	"$S" avr verify "${args[@]}" > /dev/null 2>&1
	check "without $missing: usage error" "[ $? -eq 2 ]"
done
"$S" avr verify --body "$d/avr_body.json" --signature "$d/avr_signature.b64" \
	--certs "$C" --root "$ROOT" --time yesterday > /dev/null 2>&1
check "--time yesterday: usage error" "[ $? -eq 2 ]"
