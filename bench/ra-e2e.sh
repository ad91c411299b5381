#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# bench/ra-e2e: end-to-end remote attestation latency, each step's time,
# with the whole system of `make demo` on loopback (sgxra-attestd,
# sgxra-platformd, sgxra-spd; scripts/ra-env.sh) and the application
# being `sgxra run ENCLAVE --sp URL --json`, which times every step
# (docs/remote-attestation.md). RUNS attestations after one warm-up;
# the median of each step and of the total is printed.
#
# The floor, measured by this same run a moment earlier: the crypto the
# flow cannot avoid, in process and without any transport — one SP
# handshake and one enclave handshake (bench/ra: key exchange, signature,
# AVR verification) plus one EPID sign (the QE) and one EPID verify (the
# attestation service) (bench/epid). ratio = total / floor: how much the
# processes, IPC and HTTP cost on top. No target (issue 6 asks for the
# figures); the text names the heaviest step.
set -u
BUILD=${BUILD:-build/release}
RUNS=${RA_E2E_RUNS:-30}
RA_TMP=$(mktemp -d)
. scripts/ra-env.sh
trap ra_env_stop EXIT

for b in "$BUILD/bench/ra" "$BUILD/bench/epid" "$BUILD/bin/sgxra"; do
	[ -x "$b" ] || { echo "bench/ra-e2e: $b is not built (make bench)" >&2; exit 1; }
done
ra_env_start || exit 1
ra_spd_start --allow-emulated true --mrenclave "$MRENCLAVE" ||
	{ echo "bench/ra-e2e: sgxra-spd did not start" >&2; exit 1; }

# The floor first, so that it and the figure come from the same minute.
"$BUILD/bench/ra" > "$RA_TMP/ra.txt" 2>&1 ||
	{ echo "bench/ra-e2e: bench/ra failed" >&2; exit 1; }
"$BUILD/bench/epid" > "$RA_TMP/epid.txt" 2>&1 ||
	{ echo "bench/ra-e2e: bench/epid failed" >&2; exit 1; }

ENC=$RA_EX/enclave.signed.so
i=0
while [ $i -le "$RUNS" ]; do
	"$RA_BIN/sgxra" run "$ENC" --socket "$SOCK" --sp "$SPD_URL" --json \
		> "$RA_TMP/run.$i.json" 2> "$RA_TMP/run.err" ||
		{ echo "bench/ra-e2e: attestation $i failed: $(cat "$RA_TMP/run.err")" >&2; exit 1; }
	i=$((i + 1))
done

python3 - "$RA_TMP" "$RUNS" << 'EOF'
import json, re, statistics, sys

tmp, runs = sys.argv[1], int(sys.argv[2])

def figure(path, pattern):
    m = re.search(pattern, open(path).read(), re.M)
    if not m:
        sys.exit("bench/ra-e2e: no '%s' in %s" % (pattern, path))
    return float(m.group(1))

sp = figure(tmp + "/ra.txt", r"^ra/sp-handshake: ([0-9.e+]+) hs/s")
enc = figure(tmp + "/ra.txt", r"^ra/enclave-handshake: ([0-9.e+]+) hs/s")
sign = figure(tmp + "/epid.txt", r"^epid/sign: ([0-9.e+]+) ms")
verify = figure(tmp + "/epid.txt", r"^epid/verify: ([0-9.e+]+) ms")
floor = 1e3 / sp + 1e3 / enc + sign + verify

steps, totals = {}, []
for i in range(1, runs + 1):  # run 0 is the warm-up
    a = json.load(open("%s/run.%d.json" % (tmp, i)))["attestation"]
    if a.get("status") != "Trusted":
        sys.exit("bench/ra-e2e: run %d not trusted: %s" % (i, a))
    totals.append(a["ms"])
    for s in a["steps"]:
        key = "step-%d-%s-to-%s" % (s["step"], s["from"], s["to"])
        steps.setdefault(key, []).append(s["ms"])

for key, v in steps.items():
    print("ra-e2e/%s: %.3g ms (median of %d)" % (key, statistics.median(v), len(v)))
total = statistics.median(totals)
p90 = sorted(totals)[int(0.9 * (len(totals) - 1))]
heaviest = max(steps, key=lambda k: statistics.median(steps[k]))
print("ra-e2e/total: %.4g ms | floor sp+enclave-handshake+epid-sign+epid-verify "
      "%.4g ms | ratio %.3f" % (total, floor, total / floor))
print("ra-e2e/total-p90: %.4g ms" % p90)
print("ra-e2e: heaviest step %s (%.3g ms of %.4g ms)"
      % (heaviest, statistics.median(steps[heaviest]), total))
EOF
