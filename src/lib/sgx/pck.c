/* SPDX-License-Identifier: BSD-3-Clause */
/* The emulated platform's PCK derivation (sgxra/pck.h). */
#include <string.h>

#include "sgxra/crypto.h"
#include "sgxra/ct.h"
#include "sgxra/pck.h"

static const char pck_label[] = "sgxra PCK key";

/* Candidates with d >= n have probability ~2^-32 each; 16 is plenty. */
#define MAX_CANDIDATES 16

enum ra_err
ra_pck_key_derive(struct ra_ec256_priv *priv, struct ra_ec256_pub *pub,
    const struct ra_key128 *auth_key, const uint8_t cpusvn[16],
    uint16_t pce_svn)
{
	uint8_t in[sizeof(pck_label) - 1 + 16 + 16 + 2 + 1];
	struct ra_hash256 h;
	size_t off = 0;
	unsigned int i;

	if (priv == NULL || pub == NULL || auth_key == NULL || cpusvn == NULL) {
		return RA_ERR_ARG;
	}
	memcpy(in, pck_label, sizeof(pck_label) - 1);
	off += sizeof(pck_label) - 1;
	memcpy(in + off, auth_key->b, 16);
	off += 16;
	memcpy(in + off, cpusvn, 16);
	off += 16;
	in[off++] = (uint8_t)pce_svn;
	in[off++] = (uint8_t)(pce_svn >> 8);
	for (i = 0; i < MAX_CANDIDATES; i++) {
		in[off] = (uint8_t)i;
		ra_sha256(&h, in, sizeof(in));
		memcpy(priv->d, h.b, sizeof(priv->d));
		if (ra_ec256_pub_from_priv(pub, priv) == RA_OK) {
			ra_wipe(in, sizeof(in));
			ra_wipe(&h, sizeof(h));
			return RA_OK;
		}
	}
	ra_wipe(in, sizeof(in));
	ra_wipe(&h, sizeof(h));
	ra_wipe(priv, sizeof(*priv));
	return RA_ERR_KEY;
}
