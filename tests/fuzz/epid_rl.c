/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fuzz the EPID revocation-list parsers. Byte 0 selects the list (bits
 * 1-2) and the group-id width (bit 0). Properties: a parsed list has
 * exactly count entries and rebuilds the exact input; every entry can be
 * read; revocation appends exactly one entry and bumps the version.
 */
#include <string.h>

#include "fuzz_epid.h"
#include "sgxra/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t out[1 << 17], out2[(1 << 17) + 256];

static void
check_sigrl(const uint8_t *b, size_t n, enum ra_epid_gid_width w)
{
	struct ra_epid_sigrl rl, rl2;
	struct ra_epid_basic_sig sig;
	struct ra_buf ob = ra_buf_init(out, sizeof(out));
	struct ra_buf ob2 = ra_buf_init(out2, sizeof(out2));

	if (ra_epid_sigrl_parse(&rl, b, n, w) != RA_OK) {
		return;
	}
	FUZZ_ASSERT(rl.bk.len == (size_t)rl.n2 * RA_EPID_SIGRL_ENTRY_LEN);
	FUZZ_ASSERT(ra_epid_sigrl_build(&ob, &rl) == RA_OK);
	FUZZ_ASSERT(ob.len == n && memcmp(out, b, n) == 0);
	if (rl.n2 > 0) {
		ra_epid_sigrl_entry(&sig.b, &sig.k, &rl, rl.n2 - 1);
	} else {
		memset(&sig, 7, sizeof(sig));
	}
	if (rl.version != UINT32_MAX && rl.n2 != UINT32_MAX &&
	    ra_epid_sigrl_add(&ob2, &rl, &sig) == RA_OK) {
		FUZZ_ASSERT(
		    ra_epid_sigrl_parse(&rl2, out2, ob2.len, w) == RA_OK);
		FUZZ_ASSERT(
		    rl2.n2 == rl.n2 + 1 && rl2.version == rl.version + 1);
	}
}

static void
check_privrl(const uint8_t *b, size_t n, enum ra_epid_gid_width w)
{
	struct ra_epid_privrl rl;
	struct ra_epid_fp f;
	struct ra_buf ob = ra_buf_init(out, sizeof(out));

	if (ra_epid_privrl_parse(&rl, b, n, w) != RA_OK) {
		return;
	}
	FUZZ_ASSERT(rl.f.len == (size_t)rl.n1 * RA_EPID_FP_LEN);
	FUZZ_ASSERT(ra_epid_privrl_build(&ob, &rl) == RA_OK);
	FUZZ_ASSERT(ob.len == n && memcmp(out, b, n) == 0);
	if (rl.n1 > 0) {
		ra_epid_privrl_entry(&f, &rl, rl.n1 - 1);
		FUZZ_ASSERT(
		    memcmp(f.b, b + n - RA_EPID_FP_LEN, RA_EPID_FP_LEN) == 0);
	}
}

static void
check_grouprl(const uint8_t *b, size_t n, enum ra_epid_gid_width w)
{
	struct ra_epid_grouprl rl;
	struct ra_epid_gid gid;
	struct ra_buf ob = ra_buf_init(out, sizeof(out));

	if (ra_epid_grouprl_parse(&rl, b, n, w) != RA_OK) {
		return;
	}
	FUZZ_ASSERT(rl.gids.len == (size_t)rl.n3 * (size_t)w);
	FUZZ_ASSERT(ra_epid_grouprl_build(&ob, &rl) == RA_OK);
	FUZZ_ASSERT(ob.len == n && memcmp(out, b, n) == 0);
	if (rl.n3 > 0) {
		ra_epid_grouprl_entry(&gid, &rl, 0);
		FUZZ_ASSERT(
		    gid.width == w && memcmp(gid.b, b + 8, (size_t)w) == 0);
	}
}

static void
check_verifierrl(const uint8_t *b, size_t n, enum ra_epid_gid_width w)
{
	struct ra_epid_verifierrl rl;
	struct ra_buf ob = ra_buf_init(out, sizeof(out));

	if (ra_epid_verifierrl_parse(&rl, b, n, w) != RA_OK) {
		return;
	}
	FUZZ_ASSERT(rl.k.len == (size_t)rl.n4 * RA_EPID_G1_LEN);
	FUZZ_ASSERT(ra_epid_verifierrl_build(&ob, &rl) == RA_OK);
	FUZZ_ASSERT(ob.len == n && memcmp(out, b, n) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum ra_epid_gid_width w;

	if (size < 1 || size - 1 > sizeof(out)) {
		return 0;
	}
	w = fuzz_width(data[0]);
	switch ((data[0] >> 1) & 3) {
	case 0:
		check_sigrl(data + 1, size - 1, w);
		break;
	case 1:
		check_privrl(data + 1, size - 1, w);
		break;
	case 2:
		check_grouprl(data + 1, size - 1, w);
		break;
	default:
		check_verifierrl(data + 1, size - 1, w);
		break;
	}
	return 0;
}
