#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# sgxra epid end to end, TAP output: the EPID SDK's example data signed
# and verified with its own CA certificate and lists; then our own groups
# (16- and 4-byte gids) through keygen, join, sign, verify and every kind
# of revocation, with the verdicts the SDK's verifier gives.
set -u
S=${SGXRA_BUILD:-build/release}/bin/sgxra
EX=tests/data/real/epid/intel-epid-sdk/example-data
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
n=0
fails=0

# check NAME WANT_OUTPUT CMD...: the command's first stdout line must be WANT
check() {
	local name=$1 want=$2 got
	shift 2
	n=$((n + 1))
	got=$("$@" 2>/dev/null | head -1)
	if [ "$got" = "$want" ]; then
		echo "ok $n - $name"
	else
		echo "not ok $n - $name: got '$got', want '$want'"
		fails=$((fails + 1))
	fi
}

# ok NAME CMD...: the command must succeed
ok() {
	local name=$1
	shift
	n=$((n + 1))
	if "$@" >/dev/null 2>&1; then
		echo "ok $n - $name"
	else
		echo "not ok $n - $name"
		fails=$((fails + 1))
	fi
}

printf 'test message' > "$T/msg"
A="--pubkey $EX/groupa/pubkey.bin --cacert $EX/cacert.bin"
ok "sign with the SDK's groupa member0" \
	$S epid sign $A --mprivkey $EX/groupa/member0/mprivkey.dat \
	--msg "$T/msg" --bsn-text bsn0 --sigrl $EX/groupa/sigrl.bin -o "$T/sig"
check "verify it with every SDK list" valid \
	$S epid verify $A --sig "$T/sig" --msg "$T/msg" --bsn-text bsn0 \
	--sigrl $EX/groupa/sigrl.bin --privrl $EX/groupa/privrl.bin \
	--grprl $EX/grprl.bin
check "a different basename" invalid \
	$S epid verify $A --sig "$T/sig" --msg "$T/msg" --bsn-text bsn1
for m in privrevokedmember0 sigrevokedmember2; do
	$S epid sign $A --mprivkey $EX/groupa/$m/mprivkey.dat --msg "$T/msg" \
		--sigrl $EX/groupa/sigrl.bin -o "$T/$m" 2>/dev/null
done
check "the SDK's privrevokedmember0" "revoked in PrivRL" \
	$S epid verify $A --sig "$T/privrevokedmember0" --msg "$T/msg" \
	--privrl $EX/groupa/privrl.bin --sigrl $EX/groupa/sigrl.bin
check "the SDK's sigrevokedmember2" "revoked in SigRL" \
	$S epid verify $A --sig "$T/sigrevokedmember2" --msg "$T/msg" \
	--privrl $EX/groupa/privrl.bin --sigrl $EX/groupa/sigrl.bin

for gid in 00000b29 000000000000000000000000000000aa; do
	G=$T/$gid
	mkdir -p "$G"
	C="--pubkey $G/pubkey.bin --cacert $G/cacert.bin"
	ok "keygen $gid" $S epid keygen --gid $gid -o "$G"
	ok "join member 1" $S epid join $C --iprivkey "$G/iprivkey.dat" \
		-o "$G/m1" --joinreq "$G/jr" --credential "$G/cred"
	ok "join member 2" $S epid join $C --iprivkey "$G/iprivkey.dat" \
		-o "$G/m2"
	ok "sign" $S epid sign $C --mprivkey "$G/m1" --msg "$T/msg" \
		--bsn-text spid -o "$G/s1"
	check "verify with the empty lists" valid \
		$S epid verify $C --sig "$G/s1" --msg "$T/msg" --bsn-text spid \
		--sigrl "$G/sigrl.bin" --privrl "$G/privrl.bin" \
		--grprl "$G/grprl.bin"
	ok "revoke key" $S epid revoke key --list "$G/privrl.bin" \
		--mprivkey "$G/m1" --ca-key "$G/cakey.pem" \
		--cacert "$G/cacert.bin" -o "$G/privrl2.bin"
	check "revoked in PrivRL" "revoked in PrivRL" \
		$S epid verify $C --sig "$G/s1" --msg "$T/msg" \
		--privrl "$G/privrl2.bin"
	ok "revoke sig" $S epid revoke sig --list "$G/sigrl.bin" \
		--sig "$G/s1" --ca-key "$G/cakey.pem" -o "$G/sigrl2.bin"
	$S epid sign $C --mprivkey "$G/m1" --msg "$T/msg" \
		--sigrl "$G/sigrl2.bin" -o "$G/s2" 2>/dev/null
	check "revoked in SigRL" "revoked in SigRL" \
		$S epid verify $C --sig "$G/s2" --msg "$T/msg" \
		--sigrl "$G/sigrl2.bin"
	ok "member 2 signs with proofs" $S epid sign $C --mprivkey "$G/m2" \
		--msg "$T/msg" --sigrl "$G/sigrl2.bin" -o "$G/s3"
	check "member 2 valid" valid $S epid verify $C --sig "$G/s3" \
		--msg "$T/msg" --sigrl "$G/sigrl2.bin"
	check "the old SigRL version" "" $S epid verify $C --sig "$G/s3" \
		--msg "$T/msg" --sigrl "$G/sigrl.bin"
	ok "revoke group" $S epid revoke group --list "$G/grprl.bin" \
		--pubkey "$G/pubkey.bin" --ca-key "$G/cakey.pem" \
		-o "$G/grprl2.bin"
	check "revoked in GroupRL" "revoked in GroupRL" \
		$S epid verify $C --sig "$G/s3" --msg "$T/msg" \
		--grprl "$G/grprl2.bin"
done
n=$((n + 1))
if [ "$(head -c 4 "$T/00000b29/sigrl2.bin" | od -An -tx1 | tr -d ' ')" = 0002000e ]; then
	echo "ok $n - 4-byte group: SGX SigRL header 00 02 00 0e"
else
	echo "not ok $n - 4-byte group: SGX SigRL header"
	fails=$((fails + 1))
fi
echo "1..$n"
[ "$fails" -eq 0 ]
