/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Platform channel payloads. Properties: a parsed payload rebuilds to the
 * input exactly (error messages are printable ASCII), a header never
 * accepts a length above its cap.
 */
#include "sgxra/ipc.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t out[RA_IPC_MAX_LEN];
	struct ra_buf b;
	struct ra_ipc_header h;
	struct ra_ipc_error e;
	struct ra_ipc_loaded l;
	struct ra_ipc_platform p;
	struct ra_ipc_call c;

	if (ra_ipc_header_parse(&h, data, size, 4096) == RA_OK) {
		fuzz_assert(size == RA_IPC_HEADER_LEN && h.len <= 4096);
	}
	if (ra_ipc_error_parse(&e, data, size) == RA_OK) {
		b = ra_buf_init(out, sizeof(out));
		ra_ipc_error_build(&b, &e);
		fuzz_same(&b, RA_OK, data, size);
	}
	if (ra_ipc_loaded_parse(&l, data, size) == RA_OK) {
		b = ra_buf_init(out, sizeof(out));
		ra_ipc_loaded_build(&b, &l);
		fuzz_same(&b, RA_OK, data, size);
	}
	if (ra_ipc_platform_parse(&p, data, size) == RA_OK) {
		b = ra_buf_init(out, sizeof(out));
		ra_ipc_platform_build(&b, &p);
		fuzz_same(&b, RA_OK, data, size);
	}
	if (size <= RA_IPC_MAX_LEN &&
	    ra_ipc_call_parse(&c, data, size) == RA_OK) {
		b = ra_buf_init(out, sizeof(out));
		ra_ipc_call_build(&b, &c);
		fuzz_same(&b, RA_OK, data, size);
	}
	return 0;
}
