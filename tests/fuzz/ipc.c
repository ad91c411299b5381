/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Platform channel payloads. Properties: a parsed payload rebuilds to the
 * input exactly (error messages are printable ASCII), a header never
 * accepts a length above its cap, GET_QUOTE's SigRL and the quote lie
 * inside the input and within their bounds.
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
	struct ra_ipc_get_quote gq;
	struct ra_ipc_quote q;
	struct ra_ipc_prov_id id;
	struct ra_ipc_prov_join j;
	struct ra_ipc_prov_joined jd;
	struct ra_ipc_prov_finish f;
	struct ra_ipc_dcap_id di;
	struct ra_ipc_get_quote_dcap gd;

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
	if (ra_ipc_get_quote_parse(&gq, data, size) == RA_OK) {
		fuzz_assert(
		    gq.quote_type <= 1 && gq.sigrl.len <= RA_IPC_SIGRL_MAX);
		fuzz_inside(gq.sigrl.p, gq.sigrl.len, data, size);
		b = ra_buf_init(out, sizeof(out));
		fuzz_same(&b, ra_ipc_get_quote_build(&b, &gq), data, size);
	}
	if (ra_ipc_quote_parse(&q, data, size) == RA_OK) {
		fuzz_assert(q.quote.len > 0);
		fuzz_inside(q.quote.p, q.quote.len, data, size);
		b = ra_buf_init(out, sizeof(out));
		ra_ipc_quote_build(&b, &q);
		fuzz_same(&b, RA_OK, data, size);
	}
	if (ra_ipc_prov_id_parse(&id, data, size) == RA_OK) {
		b = ra_buf_init(out, sizeof(out));
		ra_ipc_prov_id_build(&b, &id);
		fuzz_same(&b, RA_OK, data, size);
	}
	if (ra_ipc_dcap_id_parse(&di, data, size) == RA_OK) {
		b = ra_buf_init(out, sizeof(out));
		ra_ipc_dcap_id_build(&b, &di);
		fuzz_same(&b, RA_OK, data, size);
	}
	if (ra_ipc_get_quote_dcap_parse(&gd, data, size) == RA_OK) {
		b = ra_buf_init(out, sizeof(out));
		ra_ipc_get_quote_dcap_build(&b, &gd);
		fuzz_same(&b, RA_OK, data, size);
	}
	if (ra_ipc_prov_join_parse(&j, data, size) == RA_OK) {
		b = ra_buf_init(out, sizeof(out));
		ra_ipc_prov_join_build(&b, &j);
		fuzz_same(&b, RA_OK, data, size);
	}
	if (ra_ipc_prov_joined_parse(&jd, data, size) == RA_OK) {
		b = ra_buf_init(out, sizeof(out));
		ra_ipc_prov_joined_build(&b, &jd);
		fuzz_same(&b, RA_OK, data, size);
	}
	if (ra_ipc_prov_finish_parse(&f, data, size) == RA_OK) {
		b = ra_buf_init(out, sizeof(out));
		ra_ipc_prov_finish_build(&b, &f);
		fuzz_same(&b, RA_OK, data, size);
	}
	return 0;
}
