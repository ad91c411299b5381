/* SPDX-License-Identifier: BSD-3-Clause */
/* GT exponentiation: fixed windows over cyclotomic squarings. */
#include "epid/gt.h"
#include "internal.h"

static const uint64_t order_p[4] = { 0xf62d536cd10b500dULL,
	0x0cdc65fb1299921aULL, 0x46e5f25eee71a49eULL, 0xfffffffffffcf0cdULL };

/* r = table[idx], reading all 16 entries. */
static void
lookup(struct ra_fq12 *r, const struct ra_fq12 table[16], uint64_t idx)
{
	uint64_t i, mask;

	*r = table[0];
	for (i = 1; i < 16; i++) {
		mask = 0 - (((i ^ idx) - 1) >> 63);
		ra_fq12_select(r, &table[i], r, mask);
	}
}

/* table[i] = a^i, i in [0, 16). */
static void
build_table(struct ra_fq12 table[16], const struct ra_fq12 *a)
{
	int i;

	ra_fq12_one(&table[0]);
	table[1] = *a;
	for (i = 2; i < 16; i += 2) {
		ra_fq12_cyclo_sqr(&table[i], &table[i / 2]);
		ra_fq12_mul(&table[i + 1], &table[i], a);
	}
}

static uint64_t
window(const struct ra_scalar *k, int w)
{
	return (k->v[w / 16] >> (4 * (w % 16))) & 15;
}

void
ra_gt_multi_exp(struct ra_fq12 *r, const struct ra_fq12 *a,
    const struct ra_scalar *k, size_t n)
{
	struct ra_fq12 table[RA_GT_MULTI_MAX][16], acc, t;
	size_t j;
	int w;

	n = n > RA_GT_MULTI_MAX ? RA_GT_MULTI_MAX : n;
	for (j = 0; j < n; j++) {
		build_table(table[j], &a[j]);
	}
	ra_fq12_one(&acc);
	for (w = 63; w >= 0; w--) {
		ra_fq12_cyclo_sqr(&acc, &acc);
		ra_fq12_cyclo_sqr(&acc, &acc);
		ra_fq12_cyclo_sqr(&acc, &acc);
		ra_fq12_cyclo_sqr(&acc, &acc);
		for (j = 0; j < n; j++) {
			lookup(&t, table[j], window(&k[j], w));
			ra_fq12_mul(&acc, &acc, &t);
		}
	}
	*r = acc;
	ra_wipe(table, sizeof(table));
	RA_WIPE(t);
}

void
ra_gt_exp(struct ra_fq12 *r, const struct ra_fq12 *a, const struct ra_scalar *k)
{
	ra_gt_multi_exp(r, a, k, 1);
}

uint64_t
ra_gt_in_group(const struct ra_fq12 *a)
{
	struct ra_fq12 acc;
	int i;

	ra_fq12_one(&acc);
	for (i = 255; i >= 0; i--) {
		ra_fq12_sqr(&acc, &acc);
		if ((order_p[i / 64] >> (i % 64)) & 1) {
			ra_fq12_mul(&acc, &acc, a);
		}
	}
	/* 0^p = 0, so 0 fails as it should. */
	return ra_fq12_is_one(&acc);
}

bool
ra_gt_from_bytes(struct ra_fq12 *r, const uint8_t b[RA_FQ12_LEN])
{
	if (!ra_fq12_from_bytes(r, b) || ra_gt_in_group(r) == 0) {
		ra_fq12_one(r);
		return false;
	}
	return true;
}
