# SPDX-License-Identifier: BSD-3-Clause
#
# Sourced by scripts/demo and tests/integration/ra.sh: start the whole
# attestation system on loopback in a temporary directory, and stop
# exactly the processes it started, by PID.
#
#   ra_env_start   sgxra-attestd (SQLite in $RA_TMP/ad), a tenant with
#                  an SPID and a subscription key, an EPID group;
#                  sgxra-platformd on $RA_TMP/run/platform.sock, enrolled
#                  and provisioned (EPID join with sgxra-attestd)
#   ra_spd_start [options]   sgxra-spd for the secret-provisioning
#                  example enclave; sets SPD_URL, SPD_PID, RAS_PORT
#   ra_spd_stop    stop it (a restart takes new options)
#   ra_env_stop    stop everything, remove $RA_TMP
#
# Needs: BUILD (build/release), RA_TMP (an empty directory), curl.
# RA_PLATFORM_OPTS: extra options for sgxra-platformd (e.g. --allow-debug).
# Every wait is bounded (wait_for: 10 s).

RA_BIN=$BUILD/bin
RA_EX=$BUILD/examples/secret-provisioning
RA_PIDS=()

ra_wait_for() { # COND: up to 10 s
	local i
	for i in $(seq 1 100); do
		eval "$1" && return 0
		sleep 0.1
	done
	return 1
}

ra_fail() {
	echo "ra-env: $*" >&2
	for f in "$RA_TMP"/*.log; do
		[ -f "$f" ] && { echo "--- $f" >&2; tail -n 20 "$f" >&2; }
	done
	return 1
}

# ra_admin METHOD PATH [JSON]: the administration API; body in $RA_TMP/body
ra_admin() {
	local m=$1 p=$2
	shift 2
	curl -s --noproxy '*' -o "$RA_TMP/body" -w '%{http_code}' -X "$m" \
		-H "Authorization: Bearer $(cat "$RA_TMP/ad/admin.token")" \
		-H 'Content-Type: application/json' \
		${1:+-d "$1"} "$AD_URL$p"
}

ra_env_start() {
	local code
	mkdir -p "$RA_TMP/run" || return 1
	chmod 755 "$RA_TMP"
	# the attestation service
	"$RA_BIN/sgxra-attestd" --init --state "$RA_TMP/ad" > /dev/null ||
		{ ra_fail "sgxra-attestd --init failed"; return 1; }
	"$RA_BIN/sgxra-attestd" -d --state "$RA_TMP/ad" \
		--listen 127.0.0.1:0 --port-file "$RA_TMP/ad.port" \
		>> "$RA_TMP/attestd.log" 2>&1 &
	AD_PID=$!
	RA_PIDS+=("$AD_PID")
	ra_wait_for "[ -s $RA_TMP/ad.port ]" ||
		{ ra_fail "sgxra-attestd did not start"; return 1; }
	AD_URL=http://127.0.0.1:$(cat "$RA_TMP/ad.port")
	# the SP's account: SPID, subscription key; an EPID group
	SPID=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
	code=$(ra_admin PUT /admin/v1/tenants/demo \
		"{\"spid\":\"$SPID\",\"linkable\":false}")
	[ "$code" = 200 ] || [ "$code" = 201 ] ||
		{ ra_fail "tenant: HTTP $code $(cat "$RA_TMP/body")"; return 1; }
	code=$(ra_admin POST /admin/v1/tenants/demo/keys)
	[ "$code" = 201 ] || { ra_fail "key: HTTP $code"; return 1; }
	sed 's/.*"subscriptionKey": *"\([0-9A-Za-z]*\)".*/\1/' \
		"$RA_TMP/body" > "$RA_TMP/ias.key"
	chmod 600 "$RA_TMP/ias.key"
	code=$(ra_admin POST /admin/v1/groups '{}')
	[ "$code" = 201 ] || { ra_fail "group: HTTP $code"; return 1; }
	GID=$(sed 's/.*"gid": *"\([0-9a-f]*\)".*/\1/' "$RA_TMP/body")
	# the platform
	"$RA_BIN/sgxra-platformd" --init --state "$RA_TMP/pd" > /dev/null ||
		{ ra_fail "sgxra-platformd --init failed"; return 1; }
	SOCK=$RA_TMP/run/platform.sock
	# shellcheck disable=SC2086 # RA_PLATFORM_OPTS: words on purpose
	"$RA_BIN/sgxra-platformd" -d --state "$RA_TMP/pd" --socket "$SOCK" \
		${RA_PLATFORM_OPTS:-} >> "$RA_TMP/platformd.log" 2>&1 &
	PD_PID=$!
	RA_PIDS+=("$PD_PID")
	ra_wait_for "[ -S $SOCK ]" ||
		{ ra_fail "sgxra-platformd did not start"; return 1; }
	"$RA_BIN/sgxra" platform provision --socket "$SOCK" \
		--attestd "$AD_URL" --admin-token "$RA_TMP/ad/admin.token" \
		> "$RA_TMP/provision.out" 2>&1 ||
		{ ra_fail "provisioning: $(cat "$RA_TMP/provision.out")"; return 1; }
	# the SP's key (the example's published demo key) and secret
	install -m 600 examples/secret-provisioning/sp-key.pem "$RA_TMP/sp-key.pem"
	head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$RA_TMP/secret"
	chmod 600 "$RA_TMP/secret"
	MRENCLAVE=$("$RA_EX/host" --socket "$SOCK" "$RA_EX/enclave.signed.so" \
		identity | sed -n 's/^mr_enclave //p')
	[ -n "$MRENCLAVE" ] || { ra_fail "cannot read the example's MRENCLAVE"; return 1; }
	return 0
}

ra_spd_start() { # [sgxra-spd options]
	rm -f "$RA_TMP/spd.port" "$RA_TMP/ras.port"
	"$RA_BIN/sgxra-spd" -d --listen 127.0.0.1:0 \
		--port-file "$RA_TMP/spd.port" \
		--ras-listen 127.0.0.1:0 --ras-port-file "$RA_TMP/ras.port" \
		--sp-key "$RA_TMP/sp-key.pem" --spid "$SPID" \
		--ias-url "$AD_URL/attestation/v4" \
		--ias-key-file "$RA_TMP/ias.key" \
		--ias-root "$RA_TMP/ad/public/report-ca.crt" \
		--secret-file "$RA_TMP/secret" "$@" \
		>> "$RA_TMP/spd.log" 2>&1 &
	SPD_PID=$!
	RA_PIDS+=("$SPD_PID")
	ra_wait_for "[ -s $RA_TMP/spd.port ] || ! kill -0 $SPD_PID 2>/dev/null"
	[ -s "$RA_TMP/spd.port" ] || return 1
	SPD_URL=http://127.0.0.1:$(cat "$RA_TMP/spd.port")
	RAS_PORT=$(cat "$RA_TMP/ras.port")
}

ra_spd_stop() {
	kill -TERM "$SPD_PID" 2>/dev/null
	ra_wait_for "! kill -0 $SPD_PID 2>/dev/null"
	wait "$SPD_PID" 2>/dev/null
}

ra_env_stop() {
	local p
	for p in "${RA_PIDS[@]}"; do
		kill -TERM "$p" 2>/dev/null
	done
	for p in "${RA_PIDS[@]}"; do
		ra_wait_for "! kill -0 $p 2>/dev/null" || kill -9 "$p" 2>/dev/null
	done
	rm -rf "$RA_TMP"
}
