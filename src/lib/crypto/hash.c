/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SHA-256, SHA-384, SHA-512 and SHA-512/256 (FIPS 180-4) behind one
 * incremental interface, for EPID 2.0: an EPID group selects its hash
 * algorithm in its group id (docs/epid.md), and every EPID hash is fed in
 * pieces. Like sha256.c this uses OpenSSL's plain-data SHA256_CTX and
 * SHA512_CTX, deprecated in OpenSSL 3, so that a context is copyable data
 * on the stack.
 *
 * OpenSSL has no low-level initialiser for SHA-512/256. FIPS 180-4 §5.3.6.2
 * defines it as SHA-512 with its own initial hash value, truncated to 256
 * bits; SHA512_CTX is a public structure whose md_len field selects that
 * truncation in SHA512_Final. We start from SHA512_Init and replace the
 * eight words of h and md_len. A unit test compares the result with
 * OpenSSL's EVP "SHA512-256".
 */
#include <string.h>

#include <openssl/sha.h>

#include "internal.h"
#include "sgxra/crypto.h"

union ra_hash_state {
	SHA256_CTX s256;
	SHA512_CTX s512;
};

_Static_assert(
    sizeof(union ra_hash_state) <= sizeof(((struct ra_hash_ctx *)0)->opaque),
    "ra_hash_ctx too small for the OpenSSL contexts");
_Static_assert(_Alignof(union ra_hash_state) <= _Alignof(struct ra_hash_ctx),
    "ra_hash_ctx under-aligned for the OpenSSL contexts");

/* FIPS 180-4 §5.3.6.2: initial hash value of SHA-512/256. */
static const uint64_t sha512_256_iv[8] = {
	0x22312194fc2bf72cULL,
	0x9f555fa3c84c64c2ULL,
	0x2393b86b6f53b151ULL,
	0x963877195940eabdULL,
	0x96283ee2a88effe3ULL,
	0xbe5e1e2553863992ULL,
	0x2b0199fc2c85b8aaULL,
	0x0eb72ddc81c52ca2ULL,
};

static union ra_hash_state *
state_of(struct ra_hash_ctx *ctx)
{
	return (union ra_hash_state *)(void *)ctx->opaque;
}

size_t
ra_hash_len(enum ra_hash_alg alg)
{
	switch (alg) {
	case RA_HASH_SHA256:
	case RA_HASH_SHA512_256:
		return 32;
	case RA_HASH_SHA384:
		return 48;
	case RA_HASH_SHA512:
		return 64;
	default:
		return 0;
	}
}

enum ra_err
ra_hash_init(struct ra_hash_ctx *ctx, enum ra_hash_alg alg)
{
	union ra_hash_state *s = state_of(ctx);

	memset(ctx, 0, sizeof(*ctx));
	ctx->alg = alg;
	/* The Init functions only set constants and cannot fail. */
	switch (alg) {
	case RA_HASH_SHA256:
		(void)SHA256_Init(&s->s256);
		return RA_OK;
	case RA_HASH_SHA384:
		(void)SHA384_Init(&s->s512);
		return RA_OK;
	case RA_HASH_SHA512:
		(void)SHA512_Init(&s->s512);
		return RA_OK;
	case RA_HASH_SHA512_256:
		(void)SHA512_Init(&s->s512);
		memcpy(s->s512.h, sha512_256_iv, sizeof(sha512_256_iv));
		s->s512.md_len = 32;
		return RA_OK;
	default:
		return RA_ERR_ARG;
	}
}

void
ra_hash_update(struct ra_hash_ctx *ctx, const void *data, size_t len)
{
	union ra_hash_state *s = state_of(ctx);

	if (len == 0) {
		return;
	}
	if (ctx->alg == RA_HASH_SHA256) {
		(void)SHA256_Update(&s->s256, data, len);
	} else {
		/* SHA384_Update is SHA512_Update; md_len rides along. */
		(void)SHA512_Update(&s->s512, data, len);
	}
}

size_t
ra_hash_final(struct ra_hash_ctx *ctx, uint8_t out[RA_HASH_MAX_LEN])
{
	union ra_hash_state *s = state_of(ctx);
	size_t n = ra_hash_len(ctx->alg);

	if (ctx->alg == RA_HASH_SHA256) {
		(void)SHA256_Final(out, &s->s256);
	} else if (n != 0) {
		/* SHA512_Final writes md_len bytes: 48, 64 or 32. */
		(void)SHA512_Final(out, &s->s512);
	}
	RA_WIPE(*ctx);
	return n;
}

size_t
ra_hash(enum ra_hash_alg alg, uint8_t out[RA_HASH_MAX_LEN], const void *data,
    size_t len)
{
	struct ra_hash_ctx ctx;

	if (ra_hash_init(&ctx, alg) != RA_OK) {
		return 0;
	}
	ra_hash_update(&ctx, data, len);
	return ra_hash_final(&ctx, out);
}
