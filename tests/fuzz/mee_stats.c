/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The platform's MEE_STATS and EPC_PAGES replies (sgxra/ipc.h), which
 * sgxra platform stats parses. Properties: a parsed reply rebuilds to the
 * input exactly; the enclave count never exceeds its maximum; page flags
 * are only the known ones; a page list that does not fit the caller's
 * array is refused with RA_ERR_SPACE, never written past it.
 */
#include "fuzz.h"
#include "sgxra/ipc.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ra_ipc_mee_stats s;
	static struct ra_ipc_epc_page p[64];
	static uint8_t out[RA_IPC_MEE_STATS_LEN +
	    RA_IPC_MEE_ENCLAVES_MAX * RA_IPC_MEE_ENCLAVE_LEN + 8 +
	    64 * RA_IPC_EPC_PAGE_LEN];
	struct ra_buf b;
	size_t n = 0;
	enum ra_err err;

	if (ra_ipc_mee_stats_parse(&s, data, size) == RA_OK) {
		fuzz_assert(s.n <= RA_IPC_MEE_ENCLAVES_MAX);
		b = ra_buf_init(out, sizeof(out));
		ra_ipc_mee_stats_build(&b, &s);
		fuzz_same(&b, RA_OK, data, size);
	}
	err = ra_ipc_epc_pages_parse(p, 64, &n, data, size);
	if (err == RA_OK) {
		fuzz_assert(n <= 64);
		for (size_t i = 0; i < n; i++) {
			fuzz_assert((p[i].flags & ~7u) == 0);
		}
		b = ra_buf_init(out, sizeof(out));
		ra_ipc_epc_pages_build(&b, p, n);
		fuzz_same(&b, RA_OK, data, size);
	} else {
		fuzz_assert(err == RA_ERR_FORMAT || err == RA_ERR_SPACE);
		fuzz_assert(n == 0);
	}
	return 0;
}
