/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The PCK certificate SGX extension (DER). Properties: a parsed extension
 * names no failed field, rebuilds to DER that parses to the same values
 * (the entries may come in another order than Intel's, which the builder
 * writes), and a failure names the field at fault.
 */
#include "fuzz.h"
#include "sgxra/dcap.h"

static bool
same(const struct ra_pck_ext *a, const struct ra_pck_ext *b)
{
	return memcmp(a->ppid, b->ppid, sizeof(a->ppid)) == 0 &&
	    memcmp(a->comp_svn, b->comp_svn, sizeof(a->comp_svn)) == 0 &&
	    a->pce_svn == b->pce_svn &&
	    memcmp(a->cpu_svn, b->cpu_svn, sizeof(a->cpu_svn)) == 0 &&
	    memcmp(a->pce_id, b->pce_id, sizeof(a->pce_id)) == 0 &&
	    memcmp(a->fmspc, b->fmspc, sizeof(a->fmspc)) == 0 &&
	    a->sgx_type == b->sgx_type && a->is_platform == b->is_platform &&
	    memcmp(a->instance_id, b->instance_id, sizeof(a->instance_id)) ==
	    0 &&
	    a->dynamic_platform == b->dynamic_platform &&
	    a->cached_keys == b->cached_keys &&
	    a->smt_enabled == b->smt_enabled;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ra_pck_ext e, again;
	uint8_t out[2048];
	struct ra_buf b = ra_buf_init(out, sizeof(out));

	if (ra_pck_ext_parse(&e, data, size) != RA_OK) {
		fuzz_assert(e.err_field[0] != '\0');
		return 0;
	}
	fuzz_assert(e.err_field[0] == '\0');
	fuzz_assert(e.sgx_type <= RA_SGX_TYPE_SCALABLE_WITH_INTEGRITY);
	fuzz_assert(ra_pck_ext_build(&b, &e) == RA_OK);
	fuzz_assert(b.len == size); /* DER: one length for the same values */
	fuzz_assert(ra_pck_ext_parse(&again, out, b.len) == RA_OK);
	fuzz_assert(same(&again, &e));
	return 0;
}
