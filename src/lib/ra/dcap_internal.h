/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RA_DCAP_INTERNAL_H
#define RA_DCAP_INTERNAL_H

/*
 * Private to src/lib/ra/: what the DCAP verifier (dcap_verify.c) keeps
 * in the cache (dcap_cache.c). Included after the public headers and
 * before internal.h.
 */
#include <stdatomic.h>

#include "sgxra/verify.h"

/* The outcome of one collateral check, reported at its step. */
struct dcap_part {
	enum ra_dcap_fail fail;
	enum ra_dcap_item item;
	char field[RA_ERR_FIELD_LEN];
	struct ra_x509_verify_detail x509;
	char why[128];
};

/* A validity window: not before nb, expired from na on. */
struct dcap_window {
	bool set;
	int64_t nb;
	int64_t na;
};

/*
 * Collateral checked against one anchor, independently of any quote:
 * the Root CA CRL (against the anchor), the PCK CRL (parsed; its issuer
 * is the quote's PCK CA, checked in the chain step), the TCB signing
 * chain(s), and the TCB Info and QE Identity (signatures, then parsed).
 * Immutable once built; shared through the cache by reference count.
 */
struct dcap_checked {
	atomic_int refs;
	struct ra_hash256 digest; /* of the anchor, options and every item */
	bool ok;                  /* every part passed: may be cached */
	struct dcap_part root_crl_part;
	struct dcap_part pck_crl_part; /* parses (its signature: chain step) */
	struct dcap_part tcb_part; /* TCB Info: chain, signature, parse */
	struct dcap_part qe_part;  /* QE Identity: chain, signature, parse */
	struct ra_x509_crl *root_crl;
	struct ra_x509_crl *pck_crl;
	struct ra_x509_list *pck_crl_chain; /* may be NULL */
	struct dcap_window win[RA_DCAP_ITEM_COUNT];
	struct ra_tcb_info tcb;
	struct ra_qe_identity qe;
};

/*
 * A PCK chain verified against the anchor and the collateral's CRLs:
 * what a repeated quote from the same platform needs.
 */
struct dcap_pck {
	struct ra_ec256_pub pub;
	struct ra_pck_ext ext;
	enum ra_pck_ca ca;
	struct dcap_window win_leaf;
	struct dcap_window win_ca;
};

/* ---- dcap_check.c ---- */

/*
 * The cache key of coll as checked against the anchor whose DER digest is
 * anchor_id, with options: SHA-256 over all of them, each item with its
 * length.
 */
void ra_dcap_check_digest(struct ra_hash256 *out,
    const struct ra_hash256 *anchor_id, unsigned int options,
    const struct ra_dcap_collateral *coll);

/*
 * Check coll against anchor (whose self-signature the caller checked):
 * a new set with one reference, each part's outcome recorded (ok if all
 * passed). RA_ERR_NOMEM / RA_ERR_CRYPTO only for the environment.
 */
enum ra_err ra_dcap_check_collateral(struct dcap_checked **out,
    const struct ra_x509 *anchor, unsigned int options,
    const struct ra_dcap_collateral *coll, const struct ra_hash256 *digest);

/*
 * Verify the PCK chain of quote q (from its certification data, or from
 * coll for types 1 to 4) against anchor and chk's CRLs, and decode its
 * SGX extension. part->fail is NONE on success and out is filled.
 */
enum ra_err ra_dcap_check_pck(struct dcap_pck *out, struct dcap_part *part,
    const struct ra_x509 *anchor, const struct dcap_checked *chk,
    const struct ra_dcap_quote *q, const struct ra_dcap_collateral *coll);

/* ---- dcap_cache.c ---- */

/* Drop a reference to a checked collateral set; frees it at zero. */
void ra_dcap_cache_checked_release(struct dcap_checked *chk);

/* A held reference to the cached set with this digest, or NULL. */
struct dcap_checked *ra_dcap_cache_find_checked(
    struct ra_dcap_cache *c, const struct ra_hash256 *digest);
/* Offer a set to the cache (which takes its own reference if it keeps it). */
void ra_dcap_cache_put_checked(struct ra_dcap_cache *c, struct dcap_checked *chk);

/* Copy the cached chain with this key into *out: true if found. */
bool ra_dcap_cache_find_pck(struct ra_dcap_cache *c,
    const struct ra_hash256 *key, struct dcap_pck *out);
void ra_dcap_cache_put_pck(struct ra_dcap_cache *c,
    const struct ra_hash256 *key, const struct dcap_pck *pck);

#endif
