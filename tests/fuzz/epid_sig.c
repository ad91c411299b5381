/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fuzz the EPID signature parser. Properties: a parsed signature has
 * exactly the length its n2 announces, its proofs view covers the rest,
 * every proof can be copied out, it rebuilds the exact input; a failure
 * is a format or key error.
 */
#include <string.h>

#include "fuzz_epid.h"
#include "sgxra/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t out[1 << 17];
	struct ra_buf ob = ra_buf_init(out, sizeof(out));
	struct ra_epid_sig sig, again;
	struct ra_epid_nr_proof pr;
	enum ra_err e = ra_epid_sig_parse(&sig, data, size);
	uint32_t i;

	if (e != RA_OK) {
		FUZZ_ASSERT(e == RA_ERR_FORMAT || e == RA_ERR_KEY);
		return 0;
	}
	FUZZ_ASSERT(size == ra_epid_sig_len(sig.n2));
	FUZZ_ASSERT(sig.proofs.len == (size_t)sig.n2 * RA_EPID_NR_PROOF_LEN);
	FUZZ_ASSERT(sig.proofs.p == data + RA_EPID_SIG_MIN_LEN);
	for (i = 0; i < sig.n2; i++) {
		ra_epid_sig_proof(&pr, &sig, i);
		FUZZ_ASSERT(
		    memcmp(pr.t.b, sig.proofs.p + 160 * (size_t)i, 64) == 0);
	}
	FUZZ_ASSERT(ra_epid_sig_build(&ob, &sig) == RA_OK);
	FUZZ_ASSERT(ob.len == size && memcmp(out, data, size) == 0);
	FUZZ_ASSERT(ra_epid_sig_parse(&again, data, size) == RA_OK);
	FUZZ_ASSERT(ra_epid_sig_linked(&sig, &again));
	return 0;
}
