/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The report pipeline's entry point, ias_verify_quote (src/attestd/ias.c):
 * quote parse, RSA-OAEP unwrap and key-hash check of the signature blob,
 * AES-GCM decryption, group lookup, EPID verification, revocation lists
 * and TCB levels, against a service of this process (tests/attestd/: the
 * key-holding child is a real fork) with one tenant, one group and one
 * member that joined it.
 *
 * The keys are made afresh at each start, so the input does not carry a
 * quote; it says what to do to a valid one made at start:
 *
 *   byte 0     mode: 0 the rest of the input is the quote itself;
 *              1 edit the plaintext (the 432-byte body and the EPID
 *                signature), then encrypt it for the service as the
 *                quoting enclave does;
 *              2 edit the finished quote (body, wrapped key, key hash,
 *                IV, payload size, ciphertext, tag)
 *   bytes 1-2  how many bytes to cut off the end (u16le; at most all)
 *   then       edits of 3 bytes: offset (u16le, modulo the length) and a
 *              byte XORed in there
 *
 * Properties: bad input never looks like a service failure (RA_ERR_IO) and
 * every refusal says why; a verdict is one of the statuses; the quote
 * untouched verifies OK; and any change at all - a flipped bit anywhere,
 * a truncation - never gives OK.
 */
#include <stdio.h>

#include "../attestd/harness.h"
#include "fuzz.h"
#include "sgxra/crypto.h"
#include "sgxra/ct.h"
#include "sgxra/encode.h"
#include "sgxra/epid.h"
#include "sgxra/quote.h"

#define MAXIN    ((size_t)64 * 1024)
#define SPID     "00112233445566778899aabbccddeeff"
#define GID      0x00000f01u
#define SIG_MAX  4096
#define BODY_LEN RA_EPID_QUOTE_BODY_LEN

struct fixture {
	struct harness *s;
	struct store_tenant tenant;
	uint8_t plain[BODY_LEN + SIG_MAX]; /* body || EPID signature */
	size_t plain_len;
	uint8_t *quote; /* the valid quote, encrypted */
	size_t quote_len;
	struct ra_key128 key; /* the blob's AES key, its wrapping and hash */
	uint8_t wrapped[RA_EPID_SIG_WRAPPED_KEY_LEN];
	struct ra_hash256 key_hash;
};

static struct fixture fx;

static void
put_u32le(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static void
stop(void)
{
	harness_stop(fx.s);
	free(fx.quote);
	fx.s = NULL;
}

static void __attribute__((noreturn)) setup_failed(const char *what)
{
	fprintf(stderr, "attestd_quote: setup: %s\n", what);
	abort();
}

/* The plaintext of a valid quote: its body and its EPID signature. */
static void
make_plain(const struct harness_member *mb)
{
	struct ra_epid_quote q;
	struct ra_epid_sign_args a;
	struct ra_buf b;
	uint8_t body[BODY_LEN + 4];
	size_t sig_len = 0;
	bool revoked = false;

	memset(&q, 0, sizeof(q));
	q.version = 2;
	q.sign_type = RA_QUOTE_LINKABLE;
	q.gid = mb->gid;
	q.qe_svn = 11;
	q.pce_svn = 10;
	if (ra_hex_decode_exact(q.basename, 16, SPID, 32) != RA_OK) {
		setup_failed("SPID");
	}
	memset(q.report_body.cpu_svn, 3, sizeof(q.report_body.cpu_svn));
	memset(q.report_body.mr_enclave.b, 0x5a, 32);
	b = ra_buf_init(body, sizeof(body));
	if (ra_epid_quote_build(&b, &q) != RA_OK) {
		setup_failed("quote body");
	}
	memcpy(fx.plain, body, BODY_LEN);
	memset(&a, 0, sizeof(a));
	a.msg = fx.plain;
	a.msg_len = BODY_LEN;
	a.bsn = q.basename;
	a.bsn_len = sizeof(q.basename);
	if (ra_epid_sign(&mb->m, fx.plain + BODY_LEN, SIG_MAX, &sig_len,
	        &revoked, &a, NULL) != RA_OK) {
		setup_failed("EPID sign");
	}
	fx.plain_len = BODY_LEN + sig_len;
}

/*
 * The wire quote of plaintext p (body || signature), the signature
 * encrypted with the fixture's key (IV fixed: a test, not a QE): malloc'd.
 * A plaintext shorter than a body gives that many body bytes alone.
 */
static uint8_t *
seal(const uint8_t *p, size_t len, size_t *out_len)
{
	size_t sig_len = len > BODY_LEN ? len - BODY_LEN : 0;
	size_t blob_len = RA_EPID_SIG_OVERHEAD_LEN + sig_len;
	uint8_t *q = malloc(BODY_LEN + 4 + blob_len + 1), *blob;
	uint8_t iv[RA_EPID_SIG_IV_LEN];
	struct ra_mac128 tag;

	fuzz_assert(q != NULL);
	if (len <= BODY_LEN) {
		memcpy(q, p, len);
		*out_len = len;
		return q;
	}
	memcpy(q, p, BODY_LEN);
	put_u32le(q + BODY_LEN, (uint32_t)blob_len);
	blob = q + BODY_LEN + 4;
	memset(iv, 0x24, sizeof(iv));
	memcpy(blob, fx.wrapped, sizeof(fx.wrapped));
	memcpy(blob + 256, fx.key_hash.b, 32);
	memcpy(blob + 288, iv, sizeof(iv));
	put_u32le(blob + 300, (uint32_t)sig_len);
	fuzz_assert(ra_gcm_encrypt(blob + 304, &tag, &fx.key, iv, NULL, 0,
	                p + BODY_LEN, sig_len) == RA_OK);
	memcpy(blob + 304 + sig_len, tag.b, sizeof(tag.b));
	*out_len = BODY_LEN + 4 + blob_len;
	return q;
}

static void
setup(void)
{
	struct harness_member *mb = calloc(1, sizeof(*mb));
	char key[33];
	bool found = false;

	if (mb == NULL || (fx.s = harness_start(1)) == NULL) {
		setup_failed("the service");
	}
	atexit(stop);
	if (!harness_tenant(fx.s, "fuzz", SPID, true, key) ||
	    !harness_group(fx.s, GID) || !harness_join(fx.s, mb) ||
	    store_tenant_get(fx.s->ad.store, "fuzz", &fx.tenant, &found) !=
	        RA_OK ||
	    !found) {
		setup_failed("tenant, group or member");
	}
	make_plain(mb);
	ra_wipe(mb, sizeof(*mb));
	free(mb);
	memset(fx.key.b, 0x42, sizeof(fx.key.b));
	ra_sha256(&fx.key_hash, fx.key.b, sizeof(fx.key.b));
	if (ra_rsa_oaep_encrypt(fx.s->quote_key, fx.wrapped, sizeof(fx.wrapped),
	        fx.key.b, sizeof(fx.key.b), NULL) != RA_OK) {
		setup_failed("RSA-OAEP");
	}
	fx.quote = seal(fx.plain, fx.plain_len, &fx.quote_len);
}

/* Cut and XOR edits of in[0..n) applied to a copy of base; *changed. */
static uint8_t *
edit(const uint8_t *base, size_t base_len, const uint8_t *in, size_t n,
    size_t *len, bool *changed)
{
	uint8_t *p = malloc(base_len + 1);
	size_t cut, i;

	fuzz_assert(p != NULL);
	memcpy(p, base, base_len);
	cut = n >= 2 ? (size_t)(in[0] | in[1] << 8) : 0;
	*len = base_len - (cut < base_len ? cut : base_len);
	for (i = 2; *len > 0 && i + 3 <= n; i += 3) {
		size_t off = (size_t)(in[i] | in[i + 1] << 8) % *len;

		p[off] ^= in[i + 2];
	}
	*changed = *len != base_len || memcmp(p, base, *len) != 0;
	return p;
}

/* The pipeline on quote q; the properties of its answer. */
static void
verify(const uint8_t *q, size_t len, bool known, bool changed)
{
	struct ias_verdict v;
	char why[256] = "";
	enum ra_err err = ias_verify_quote(
	    &fx.s->ad, &fx.tenant, q, len, &v, why, sizeof(why));
	bool ok = err == RA_OK && v.status == IAS_OK;

	fuzz_assert(err != RA_ERR_IO);
	fuzz_assert(err == RA_OK || why[0] != '\0');
	fuzz_assert(err != RA_OK || (unsigned int)v.status < IAS_STATUS_COUNT);
	if (known) {
		fuzz_assert(ok == !changed);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *p, *q;
	size_t len, qlen;
	bool changed;

	if (size < 1 || size > MAXIN) {
		return 0;
	}
	if (fx.s == NULL) {
		setup();
	}
	switch (data[0] % 3) {
	case 0:
		verify(data + 1, size - 1, false, true);
		break;
	case 1:
		p = edit(
		    fx.plain, fx.plain_len, data + 1, size - 1, &len, &changed);
		q = seal(p, len, &qlen);
		verify(q, qlen, true, changed);
		free(q);
		free(p);
		break;
	default:
		p = edit(
		    fx.quote, fx.quote_len, data + 1, size - 1, &len, &changed);
		verify(p, len, true, changed);
		free(p);
		break;
	}
	return 0;
}
