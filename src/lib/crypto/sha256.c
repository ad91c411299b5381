/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SHA-256 over OpenSSL's SHA256_CTX. The low-level interface is deprecated
 * in OpenSSL 3 in favour of EVP_MD_CTX, but an EVP context is a heap
 * object behind a pointer, while ours must be plain copyable data that
 * lives on the stack (STYLE 3.4). The low-level functions run the same
 * assembly; the Makefile builds src/lib/crypto/ with
 * OPENSSL_SUPPRESS_DEPRECATED for this reason (docs/crypto.md).
 */
#include <string.h>

#include <openssl/sha.h>

#include "internal.h"
#include "sgxra/crypto.h"

_Static_assert(sizeof(SHA256_CTX) <= sizeof(struct ra_sha256_ctx),
    "ra_sha256_ctx too small for SHA256_CTX");
_Static_assert(_Alignof(SHA256_CTX) <= _Alignof(struct ra_sha256_ctx),
    "ra_sha256_ctx under-aligned for SHA256_CTX");

static SHA256_CTX *
ctx_of(struct ra_sha256_ctx *ctx)
{
	return (SHA256_CTX *)(void *)ctx->opaque;
}

void
ra_sha256_init(struct ra_sha256_ctx *ctx)
{
	memset(ctx, 0, sizeof(*ctx));
	/* SHA256_Init cannot fail: it only sets constants. */
	(void)SHA256_Init(ctx_of(ctx));
}

void
ra_sha256_update(struct ra_sha256_ctx *ctx, const void *data, size_t len)
{
	if (len == 0) {
		return;
	}
	(void)SHA256_Update(ctx_of(ctx), data, len);
}

void
ra_sha256_final(struct ra_sha256_ctx *ctx, struct ra_hash256 *out)
{
	(void)SHA256_Final(out->b, ctx_of(ctx));
	RA_WIPE(*ctx);
}

void
ra_sha256(struct ra_hash256 *out, const void *data, size_t len)
{
	struct ra_sha256_ctx ctx;

	ra_sha256_init(&ctx);
	ra_sha256_update(&ctx, data, len);
	ra_sha256_final(&ctx, out);
}
