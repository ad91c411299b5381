/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Collateral envelopes: the PCS signed document (under both keys) and
 * dcap-qvl's collateral JSON. Properties: a split's body is a view of the
 * input from a '{' to its '}', and it parses as JSON as the key's
 * object; dcap-qvl views lie in the arena (never in the input: decoded
 * copies), with the arena of the input's size always enough.
 */
#include "fuzz.h"
#include "sgxra/dcap.h"

static void
split(const uint8_t *data, size_t size, const char *key)
{
	struct ra_signed_doc d;

	if (ra_collateral_split(&d, (const char *)data, size, key) != RA_OK) {
		return;
	}
	fuzz_inside(d.body.p, d.body.len, data, size);
	fuzz_assert(d.body.len >= 2 && d.body.p[0] == '{' &&
	    d.body.p[d.body.len - 1] == '}');
}

static void
in_arena(struct ra_bytes v, const uint8_t *arena, size_t cap)
{
	fuzz_inside(v.p, v.len, arena, cap);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ra_dcap_collateral c;
	uint8_t *arena;
	enum ra_err err;

	split(data, size, "tcbInfo");
	split(data, size, "enclaveIdentity");
	arena = malloc(size == 0 ? 1 : size);
	fuzz_assert(arena != NULL);
	err =
	    ra_collateral_parse_qvl(&c, arena, size, (const char *)data, size);
	fuzz_assert(err != RA_ERR_SPACE);
	if (err == RA_OK) {
		in_arena(c.pck_crl_issuer_chain, arena, size);
		in_arena(c.root_ca_crl, arena, size);
		in_arena(c.pck_crl, arena, size);
		in_arena(c.tcb_info_issuer_chain, arena, size);
		in_arena(c.tcb_info, arena, size);
		in_arena(c.qe_identity_issuer_chain, arena, size);
		in_arena(c.qe_identity, arena, size);
		in_arena(c.pck_chain, arena, size);
	}
	free(arena);
	return 0;
}
