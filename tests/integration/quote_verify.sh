#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# sgxra quote verify (TAP): every real DCAP set with collateral, verified
# from its files at its pinned time with its anchor (exit 0 with the
# status and advisory ids of expected.json, or exit 1 naming the failing
# check), from dcap-qvl JSON, as JSON output; usage errors exit 2; and
# collateral fetched from a local PCS-compatible server (started here on
# 127.0.0.1 on a free port, stopped by PID), with the cache directory.
set -u
S=${SGXRA_BUILD:-build/release}/bin/sgxra
D=tests/data/real/dcap
n=0
tmp=$(mktemp -d)
server_pid=
cleanup() {
	if [ -n "$server_pid" ]; then
		kill "$server_pid" 2> /dev/null
		wait "$server_pid" 2> /dev/null
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT

ok() { n=$((n + 1)); echo "ok $n - $*"; }
nok() { n=$((n + 1)); echo "not ok $n - $*"; }
skip() { n=$((n + 1)); echo "ok $n - # SKIP $*"; }
time_of() {
	python3 -c "import json,sys; e=json.load(open(sys.argv[1])); \
print(e.get('verification_time_unix', e.get('suggested_verification_time_unix')))" \
		"$D/$1/expected.json"
}

# run NAME WANT_RC GREP... -- ARGS: exit status and output lines.
run() {
	local name=$1 want=$2
	shift 2
	local pats=()
	while [ "$1" != "--" ]; do
		pats+=("$1")
		shift
	done
	shift
	"$S" quote verify "$@" > "$tmp/out" 2> "$tmp/err"
	local rc=$? p bad=
	for p in "${pats[@]}"; do
		grep -qE -- "$p" "$tmp/out" "$tmp/err" || bad="$bad [$p]"
	done
	if [ "$rc" -eq "$want" ] && [ -z "$bad" ]; then
		ok "$name: exit $rc"
	else
		nok "$name: exit $rc (want $want), missing:$bad; $(head -c 300 "$tmp/err")"
	fi
}

set_run() {
	local set=$1 want=$2
	shift 2
	run "$set" "$want" "$@" -- "$D/$set/quote.bin" --collateral "$D/$set" \
		--time "$(time_of "$set")" "${EXTRA[@]}"
}

EXTRA=()
set_run phala-sgx-v3 0 '^result +accepted' \
	'^  status +ConfigurationAndSWHardeningNeeded$' \
	'^  advisory_ids +INTEL-SA-00289 INTEL-SA-00615$'
set_run phala-tdx-v4 0 '^  status +UpToDate$' '^  trailing_bytes +70$'
set_run automata-dcap-rs-sgx-v3 0 '^  status +OutOfDate$'
set_run automata-dcap-rs-tdx-v4 0 '^  status +OutOfDate$' \
	'INTEL-SA-00960 INTEL-SA-00982 INTEL-SA-00986'
set_run go-tdx-guest-tdx-v4 1 '^  check +TCB level not supported$' \
	'^  trailing_bytes +39$'
set_run phala-tdx-v4-outdated 1 '^  check +TCB level not supported$'
set_run fortanix-rust-sgx-pcs-v3 1 '^  check +not yet valid$' \
	'^  item +Root CA CRL$'
set_run secretnetwork-sgx-v3 1 '^  status +SWHardeningNeeded$' \
	'^  expired_item +TCB Info$' 'collateral expired'
EXTRA=(--allow-expired)
set_run secretnetwork-sgx-v3 0 '^result +accepted'
EXTRA=()
set_run oasis-core-sgx-v3 1 '^  check +missing collateral$' \
	'^  item +Root CA CRL$'
EXTRA=(--no-crl)
set_run oasis-core-sgx-v3 0 '^  status +SWHardeningNeeded$' \
	'^  revocation_checked +false$'
set_run oasis-core-tdx-v4 0 '^  status +UpToDate$'
set_run oasis-core-tdx-v4-out-of-date 1 '^  check +TCB level not supported$'
EXTRA=()

Q=$D/intel-qvl-sampledata-sgx
run "Intel QVL sample (TEST root, type 1 + pckCert.pem)" 0 '^  status +UpToDate$' \
	-- "$Q/quote.dat" --collateral "$Q" --root "$Q/trustedRootCaCert.pem" \
	--time 2020-09-13T12:26:40Z
run "Intel QVL sample under Intel's root" 1 '^  check +PCK certificate chain invalid' \
	-- "$Q/quote.dat" --collateral "$Q" --time 1600000000
Q=$D/intel-qvl-sampledata-tdx
run "Intel QVL TDX sample: QVL's own refusal" 1 \
	'^  check +TCB Info does not match$' '^  field +tdxModuleIdentities$' \
	-- "$Q/quote.dat" --collateral "$Q" --root "$Q/trustedRootCaCert.pem" \
	--time 1640000000
run "dcap-qvl JSON collateral" 0 '^  status +ConfigurationAndSWHardeningNeeded$' \
	-- "$D/phala-sgx-v3/quote.bin" --collateral \
	"$D/phala-sgx-v3/collateral.dcap-qvl.json" --time 1752919277

# JSON output
"$S" quote verify --json "$D/phala-sgx-v3/quote.bin" --collateral "$D/phala-sgx-v3" \
	--time 1752919277 > "$tmp/json"
if python3 -c "import json,sys; v=json.load(open(sys.argv[1])); \
assert v['result']=='accepted' and v['tcb']['status']=='ConfigurationAndSWHardeningNeeded' \
and v['tcb']['advisory_ids']==['INTEL-SA-00289','INTEL-SA-00615'] \
and v['report_body']['mr_enclave'].startswith('33d8736d')" "$tmp/json"; then
	ok "--json: result, status, advisories, report body"
else
	nok "--json output: $(head -c 300 "$tmp/json")"
fi
"$S" quote verify --json "$D/fortanix-rust-sgx-pcs-v3/quote.bin" \
	--collateral "$D/fortanix-rust-sgx-pcs-v3" --time 1591358400 > "$tmp/json" 2> /dev/null
if python3 -c "import json,sys; v=json.load(open(sys.argv[1])); \
assert v['result']=='refused' and v['failure']['check']=='not yet valid' \
and v['failure']['item']=='Root CA CRL'" "$tmp/json"; then
	ok "--json: a refusal names the check and the item"
else
	nok "--json refusal: $(head -c 300 "$tmp/json")"
fi

# malformed input, usage errors
head -c 700 "$D/phala-sgx-v3/quote.bin" > "$tmp/short.bin"
run "truncated quote" 1 '^  check +malformed quote$' \
	-- "$tmp/short.bin" --collateral "$D/phala-sgx-v3" --time 1752919277
run "time before every window" 1 '^  check +not yet valid$' \
	-- "$D/phala-sgx-v3/quote.bin" --collateral "$D/phala-sgx-v3" --time 1700000000
for args in "" "--collateral $D/phala-sgx-v3" "$D/phala-sgx-v3/quote.bin" \
	"$D/phala-sgx-v3/quote.bin --collateral $D/phala-sgx-v3 --time yesterday" \
	"$D/phala-sgx-v3/quote.bin --collateral $D/phala-sgx-v3 --frobnicate" \
	"$D/phala-sgx-v3/quote.bin --collateral"; do
	# shellcheck disable=SC2086
	"$S" quote verify $args > /dev/null 2>&1
	rc=$?
	if [ "$rc" -eq 2 ]; then ok "usage error exits 2: '$args'"; else nok "'$args': exit $rc"; fi
done
"$S" quote verify --help | grep -q '^usage: sgxra quote verify' &&
	ok "--help" || nok "--help"

# ---- collateral from a PCS-compatible URL ---------------------------------

pcs=$tmp/pcs
mk_set() { # SET TEE: lay a set out under $pcs as the server expects
	local set=$1 tee=$2 fmspc ca
	fmspc=$(python3 -c "import json; print(json.load(open('$D/$set/expected.json'))['quote_fields']['fmspc'].lower())")
	ca=processor
	grep -q 'Platform CA' <("$S" quote show "$D/$set/quote.bin") && ca=platform
	mkdir -p "$pcs/pckcrl" "$pcs/$tee/tcb"
	cp "$D/$set/pck_crl.der" "$pcs/pckcrl/$ca.der"
	cp "$D/$set/pck_crl_issuer_chain.pem" "$pcs/pckcrl/$ca.chain"
	cp "$D/$set/root_ca_crl.der" "$pcs/rootcacrl.der"
	cp "$D/$set/tcb_info.json" "$pcs/$tee/tcb/$fmspc.json"
	cp "$D/$set/tcb_info_issuer_chain.pem" "$pcs/$tee/tcb/$fmspc.chain"
	cp "$D/$set/qe_identity.json" "$pcs/$tee/qe_identity.json"
	cp "$D/$set/qe_identity_issuer_chain.pem" "$pcs/$tee/qe_identity.chain"
}
mk_set phala-sgx-v3 sgx
mk_set phala-tdx-v4 tdx

if ! command -v python3 > /dev/null; then
	skip "PCS URL tests: python3 is not installed"
else
	python3 tests/integration/pcs_server.py "$pcs" "$tmp/port" "$tmp/requests" &
	server_pid=$!
	for _ in $(seq 1 100); do
		[ -s "$tmp/port" ] && break
		sleep 0.1
	done
	if [ ! -s "$tmp/port" ]; then
		skip "PCS URL tests: the local server did not start"
	else
		url=http://127.0.0.1:$(cat "$tmp/port")
		run "URL: SGX collateral fetched" 0 \
			'^  status +ConfigurationAndSWHardeningNeeded$' \
			-- "$D/phala-sgx-v3/quote.bin" --collateral "$url" --time 1752919277
		run "URL: TDX collateral fetched" 0 '^  status +UpToDate$' \
			-- "$D/phala-tdx-v4/quote.bin" --collateral "$url" --time 1752919234
		count=$(wc -l < "$tmp/requests")
		[ "$count" -eq 8 ] && ok "URL: four requests per set ($count)" ||
			nok "URL: $count requests, want 8"
		mkdir "$tmp/store"
		for i in 1 2; do
			run "URL with --cache-dir, run $i" 0 '^  status +UpToDate$' \
				-- "$D/phala-tdx-v4/quote.bin" --collateral "$url" \
				--cache-dir "$tmp/store" --time 1752919234
		done
		count=$(wc -l < "$tmp/requests")
		[ "$count" -eq 12 ] && ok "URL: the second run used the cache directory" ||
			nok "URL: $count requests after two cached runs, want 12"
		run "URL with --max-age 0: fetched again" 0 '^  status +UpToDate$' \
			-- "$D/phala-tdx-v4/quote.bin" --collateral "$url" \
			--cache-dir "$tmp/store" --max-age 0 --time 1752919234
		count=$(wc -l < "$tmp/requests")
		[ "$count" -eq 16 ] && ok "URL: max-age 0 refetches" ||
			nok "URL: $count requests, want 16"
		run "URL: unknown FMSPC is a fetch error" 1 'cannot fetch collateral' \
			'HTTP 404' -- "$D/automata-dcap-rs-sgx-v3/quote.bin" \
			--collateral "$url" --time 1739419232
		kill "$server_pid"
		wait "$server_pid" 2> /dev/null
		server_pid=
		run "URL: nothing listening" 1 'cannot fetch collateral' \
			-- "$D/phala-sgx-v3/quote.bin" --collateral "$url" --time 1752919277
	fi
fi
run "URL for a quote without a PCK certificate" 1 'names no PCK certificate' \
	-- "$D/intel-qvl-sampledata-sgx/quote.dat" --collateral http://127.0.0.1:9 \
	--time 1600000000

echo "1..$n"
