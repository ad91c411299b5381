/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * TCB Info documents (the signed JSON text). Properties: a parsed document
 * has 1..RA_TCB_LEVELS_MAX levels in QVL's strict descending order (no
 * two equal), every advisory reference inside the table, TDX fields only
 * in a TDX document, module levels strictly descending; a failure names
 * a field.
 */
#include "fuzz.h"
#include "sgxra/dcap.h"

static int
svn_cmp(const uint16_t *a, const uint16_t *b)
{
	size_t i;

	for (i = 0; i < RA_TCB_COMP_COUNT; i++) {
		if (a[i] != b[i]) {
			return a[i] < b[i] ? -1 : 1;
		}
	}
	return 0;
}

static void
check_refs(const struct ra_tcb_info *ti, const struct ra_advisory_refs *r)
{
	size_t i;

	fuzz_assert(r->n <= RA_LEVEL_ADVISORIES_MAX);
	for (i = 0; i < r->n; i++) {
		fuzz_assert(r->idx[i] < ti->n_adv);
	}
}

static void
check_order(const struct ra_tcb_info *ti)
{
	size_t i;

	for (i = 1; i < ti->n_levels; i++) {
		const struct ra_tcb_level *a = &ti->levels[i - 1];
		const struct ra_tcb_level *b = &ti->levels[i];
		int c = svn_cmp(a->sgx_svn, b->sgx_svn);

		if (c == 0 && a->pce_svn == b->pce_svn) {
			c = svn_cmp(a->tdx_svn, b->tdx_svn);
			fuzz_assert(ti->id == RA_TCB_ID_TDX && c > 0);
		} else if (c == 0) {
			fuzz_assert(a->pce_svn > b->pce_svn);
		} else {
			fuzz_assert(c > 0);
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ra_tcb_info ti;
	size_t i, j;

	if (ra_tcb_info_parse(&ti, (const char *)data, size) != RA_OK) {
		fuzz_assert(ti.err_field[0] != '\0');
		return 0;
	}
	fuzz_assert(ti.version == 2 || ti.version == 3);
	fuzz_assert(ti.n_levels >= 1 && ti.n_levels <= RA_TCB_LEVELS_MAX);
	fuzz_assert(ti.n_adv <= RA_ADVISORIES_MAX);
	fuzz_assert(ti.has_tdx_module == (ti.id == RA_TCB_ID_TDX));
	check_order(&ti);
	for (i = 0; i < ti.n_levels; i++) {
		check_refs(&ti, &ti.levels[i].adv);
		fuzz_assert(ti.levels[i].status <= RA_TCB_REVOKED);
	}
	for (i = 0; i < ti.n_modules; i++) {
		const struct ra_tdx_module_identity *m = &ti.modules[i];

		fuzz_assert(m->n_levels >= 1);
		for (j = 0; j < m->n_levels; j++) {
			check_refs(&ti, &m->levels[j].adv);
			fuzz_assert(j == 0 ||
			    m->levels[j - 1].isv_svn > m->levels[j].isv_svn);
		}
	}
	return 0;
}
