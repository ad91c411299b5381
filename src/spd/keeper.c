/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sgxra-spd's key-holding child (keeper.h): the only process that holds
 * the SP's long-term private key. It signs key-exchange transcripts
 * (sign_gb_ga of msg2: two points on P-256, checked) and tells its public
 * key; the HTTP and sgx-ra-sample fronts, which parse network input,
 * never see the key.
 *
 * Requests (payload in, reply out):
 *   SPD_K_SIGN_GB_GA  g_b || g_a (4 x 32 bytes, big-endian x, y)
 *                     -> sign_gb_ga (r || s, 64 bytes)
 *   SPD_K_PUBLIC      (empty) -> the public key (x || y, 64 bytes)
 */
#include <stdio.h>
#include <string.h>

#include "files.h"
#include "keeper.h"
#include "log.h"
#include "sgxra/crypto.h"
#include "sgxra/ct.h"
#include "spd.h"

enum spd_kproto {
	SPD_K_SIGN_GB_GA = 1,
	SPD_K_PUBLIC = 2,
};

#define POINT_LEN ((size_t)2 * RA_EC256_LEN)
#define SIG_LEN   ((size_t)2 * RA_EC256_LEN)

/* The child's state: the key file's path, then the key. */
static struct {
	char path[1024];
	struct ra_ec256_priv priv;
	struct ra_ec256_pub pub;
} the_key;

static bool
child_init(void *ctx, char *why, size_t cap)
{
	uint8_t *p = NULL;
	size_t n = 0;
	enum ra_err err;

	(void)ctx;
	if (files_read(the_key.path, (size_t)64 * 1024, true, &p, &n, why,
	        cap) != RA_OK) {
		return false;
	}
	err = ra_ec256_priv_from_pem(&the_key.priv, NULL, (const char *)p, n);
	files_free(p, n);
	if (err != RA_OK ||
	    ra_ec256_pub_from_priv(&the_key.pub, &the_key.priv) != RA_OK) {
		snprintf(why, cap, "%s: not a P-256 private key (PEM)",
		    the_key.path);
		return false;
	}
	return true;
}

static void
point_in(struct ra_ec256_pub *pt, const uint8_t *p)
{
	memcpy(pt->x, p, RA_EC256_LEN);
	memcpy(pt->y, p + RA_EC256_LEN, RA_EC256_LEN);
}

static enum ra_err
child_serve(void *ctx, uint32_t type, const uint8_t *in, size_t in_len,
    uint8_t *out, size_t cap, size_t *out_len, char *msg, size_t msg_cap)
{
	struct ra_ec256_pub g_b, g_a;
	struct ra_ec256_sig sig;
	enum ra_err err;

	(void)ctx;
	if (cap < SIG_LEN) {
		return RA_ERR_SPACE;
	}
	switch (type) {
	case SPD_K_SIGN_GB_GA:
		if (in_len != 2 * POINT_LEN) {
			snprintf(msg, msg_cap,
			    "g_b || g_a: %zu bytes, want %zu", in_len,
			    2 * POINT_LEN);
			return RA_ERR_FORMAT;
		}
		point_in(&g_b, in);
		point_in(&g_a, in + POINT_LEN);
		err = ra_sp_sign_gb_ga(&sig, &the_key.priv, &g_b, &g_a, NULL);
		if (err != RA_OK) {
			snprintf(msg, msg_cap, "%s",
			    err == RA_ERR_KEY ? "a point is not on P-256"
			                      : "signing failed");
			return err;
		}
		memcpy(out, sig.r, RA_EC256_LEN);
		memcpy(out + RA_EC256_LEN, sig.s, RA_EC256_LEN);
		*out_len = SIG_LEN;
		return RA_OK;
	case SPD_K_PUBLIC:
		memcpy(out, the_key.pub.x, RA_EC256_LEN);
		memcpy(out + RA_EC256_LEN, the_key.pub.y, RA_EC256_LEN);
		*out_len = POINT_LEN;
		return RA_OK;
	default:
		snprintf(msg, msg_cap, "unknown request %u", type);
		return RA_ERR_VERSION;
	}
}

enum ra_err
spd_keeper_start(struct spd *d, char *why, size_t cap)
{
	struct keeper_ops ops;

	memset(&the_key, 0, sizeof(the_key));
	if ((size_t)snprintf(the_key.path, sizeof(the_key.path), "%s",
	        d->cfg.sp_key) >= sizeof(the_key.path)) {
		snprintf(why, cap, "--sp-key: path too long");
		return RA_ERR_ARG;
	}
	memset(&ops, 0, sizeof(ops));
	ops.name = "sgxra-spd keeper";
	ops.init = child_init;
	ops.serve = child_serve;
	ops.no_sandbox = d->cfg.no_sandbox;
	/* One channel per HTTP worker, the sgx-ra-sample front included. */
	return keeper_start(&d->keeper, &ops,
	    d->cfg.threads != 0 ? d->cfg.threads + 1 : 4, why, cap);
}

/* ra_sp_signer.sign: ask the keeper. */
static enum ra_err
keeper_sign(void *ctx, struct ra_ec256_sig *sig, const struct ra_ec256_pub *g_b,
    const struct ra_ec256_pub *g_a)
{
	struct spd *d = ctx;
	const struct ra_bytes in[4] = { { g_b->x, RA_EC256_LEN },
		{ g_b->y, RA_EC256_LEN }, { g_a->x, RA_EC256_LEN },
		{ g_a->y, RA_EC256_LEN } };
	uint8_t out[SIG_LEN];
	size_t n = 0;
	char msg[KEEPER_MSG_MAX + 1] = "";
	enum ra_err err;

	err = keeper_call(d->keeper, SPD_K_SIGN_GB_GA, in, 4, out, sizeof(out),
	    &n, msg, sizeof(msg));
	if (err == RA_OK && n != SIG_LEN) {
		err = RA_ERR_FORMAT;
	}
	if (err != RA_OK) {
		log_warnx("the key-holding process did not sign: %s%s%s",
		    ra_strerror(err), msg[0] != '\0' ? ": " : "", msg);
		return err;
	}
	memcpy(sig->r, out, RA_EC256_LEN);
	memcpy(sig->s, out + RA_EC256_LEN, RA_EC256_LEN);
	return RA_OK;
}

enum ra_err
spd_keeper_public(struct spd *d, struct ra_ec256_pub *pub)
{
	uint8_t out[POINT_LEN];
	size_t n = 0;
	char msg[KEEPER_MSG_MAX + 1];
	enum ra_err err;

	err = keeper_call(d->keeper, SPD_K_PUBLIC, NULL, 0, out, sizeof(out),
	    &n, msg, sizeof(msg));
	if (err != RA_OK) {
		return err;
	}
	if (n != POINT_LEN) {
		return RA_ERR_FORMAT;
	}
	point_in(pub, out);
	return RA_OK;
}

void
spd_keeper_signer(struct spd *d)
{
	d->signer.sign = keeper_sign;
	d->signer.ctx = d;
	d->sp.signer = &d->signer;
}
