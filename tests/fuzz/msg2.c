/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * msg2: exact round trip; the MAC'd region is bytes 0..147 and the SigRL
 * view the tail. A non-empty SigRL that parses round-trips too.
 */
#include "fuzz.h"
#include "sgxra/msg.h"
#include "sgxra/sigrl.h"

static void
check_sigrl(const struct ra_bytes *v)
{
	struct ra_sigrl rl;
	uint8_t *out;
	struct ra_buf b;

	if (v->len == 0 || ra_sigrl_parse(&rl, v->p, v->len) != RA_OK) {
		return;
	}
	out = malloc(v->len);
	fuzz_assert(out != NULL);
	b = ra_buf_init(out, v->len);
	fuzz_same(&b, ra_sigrl_build(&b, &rl), v->p, v->len);
	free(out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ra_msg2 m;
	uint8_t *out;
	struct ra_buf b;

	if (ra_msg2_parse(&m, data, size) != RA_OK) {
		return 0;
	}
	fuzz_assert(m.mac_data.p == data);
	fuzz_assert(m.mac_data.len == RA_MSG2_MAC_DATA_LEN);
	fuzz_assert(m.sig_rl.len == size - RA_MSG2_MIN_LEN);
	fuzz_assert(m.sig_rl.len == 0 || m.sig_rl.p == data + RA_MSG2_MIN_LEN);
	out = malloc(size);
	fuzz_assert(out != NULL);
	b = ra_buf_init(out, size);
	fuzz_same(&b, ra_msg2_build(&b, &m), data, size);
	free(out);
	check_sigrl(&m.sig_rl);
	return 0;
}
