/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fuzz the EPID verifier with mutations of a real signature: the EPID
 * SDK's grp_x member0 signature of "msg0" with basename "bsn0", checked
 * against grp_x's key and its 3-entry SigRL (so the non-revoked proofs
 * count too). Property: the verdict is VALID only for the original bytes;
 * everything else is an error or another verdict.
 */
#include <string.h>

#include "fuzz_epid.h"
#include "test.h"

#define TV "tests/data/real/epid/intel-epid-sdk/testvectors/testhelper/"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct ra_epid_verifier verifier;
static struct ra_epid_sigrl sigrl;
static uint8_t *orig, *rlbuf;
static size_t orig_len;

static uint8_t *
load(const char *rel, size_t *len)
{
	uint8_t *b = test_read_file(test_path(rel), len);

	if (b == NULL) {
		fprintf(stderr,
		    "epid_verify: cannot read %s (run from the "
		    "repository root or set SGXRA_TOP)\n",
		    rel);
		abort();
	}
	return b;
}

static void
setup(void)
{
	struct ra_epid_group_pub pub;
	size_t len;
	uint8_t *pb = load(TV "grp_x/pubkey.bin", &len);

	FUZZ_ASSERT(
	    ra_epid_group_pub_parse(&pub, pb, len, RA_EPID_GID_SDK) == RA_OK);
	FUZZ_ASSERT(ra_epid_verifier_init(&verifier, &pub) == RA_OK);
	free(pb);
	rlbuf = load(TV "grp_x/sigrl.bin", &len);
	FUZZ_ASSERT(
	    ra_epid_sigrl_parse(&sigrl, rlbuf, len, RA_EPID_GID_SDK) == RA_OK);
	orig = load(TV "grp_x/member0/sig_sha256_bsn0_msg0.bin", &orig_len);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ra_epid_sig sig;
	struct ra_epid_verify_args a = { "msg0", 4, "bsn0", 4, NULL, NULL,
		&sigrl, NULL };
	enum ra_epid_verdict v;

	if (orig == NULL) {
		setup();
	}
	if (ra_epid_sig_parse(&sig, data, size) != RA_OK ||
	    ra_epid_verify(&verifier, &v, &sig, &a) != RA_OK) {
		return 0;
	}
	if (v == RA_EPID_VALID) {
		FUZZ_ASSERT(size == orig_len && memcmp(data, orig, size) == 0);
	}
	return 0;
}
