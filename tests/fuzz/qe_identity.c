/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * QE Identity documents (the signed JSON text). Properties: version 2,
 * 1..RA_QE_LEVELS_MAX levels with one of the five identity statuses, every
 * advisory reference inside the table; a failure names a field.
 */
#include "fuzz.h"
#include "sgxra/dcap.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ra_qe_identity qi;
	size_t i, j;

	if (ra_qe_identity_parse(&qi, (const char *)data, size) != RA_OK) {
		fuzz_assert(qi.err_field[0] != '\0');
		return 0;
	}
	fuzz_assert(qi.version == 2);
	fuzz_assert(qi.id <= RA_QE_ID_TD_QE);
	fuzz_assert(qi.n_levels >= 1 && qi.n_levels <= RA_QE_LEVELS_MAX);
	for (i = 0; i < qi.n_levels; i++) {
		const struct ra_qe_level *l = &qi.levels[i];

		fuzz_assert(l->status <= RA_TCB_REVOKED &&
		    l->status != RA_TCB_SW_HARDENING_NEEDED &&
		    l->status != RA_TCB_CONFIGURATION_AND_SW_HARDENING_NEEDED);
		for (j = 0; j < l->adv.n; j++) {
			fuzz_assert(l->adv.idx[j] < qi.n_adv);
		}
	}
	return 0;
}
