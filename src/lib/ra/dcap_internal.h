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
 * Immutable once built; shared through the cache by reference count. A
 * cached set keeps a copy of the exact bytes it was built from: a lookup
 * compares them all (the fingerprint only finds the candidate).
 */
struct dcap_checked {
	atomic_int refs;
	uint64_t serial; /* unique per built set */
	uint64_t fp;     /* ra_dcap_check_fingerprint() */
	struct ra_hash256 anchor_id;
	unsigned int options;
	struct ra_dcap_coll *copy; /* set when cached */
	bool ok;                   /* every part passed: may be cached */
	struct dcap_part root_crl_part;
	struct dcap_part pck_crl_part; /* parses (its signature: chain step) */
	struct dcap_part tcb_part;     /* TCB Info: chain, signature, parse */
	struct dcap_part qe_part; /* QE Identity: chain, signature, parse */
	struct ra_x509_crl *root_crl;
	struct ra_x509_crl *pck_crl;
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
 * A 64-bit fingerprint of coll checked against anchor_id with options:
 * the lengths, the signatures and the first and last bytes of every item.
 * Not a digest: it only selects a candidate, whose bytes are compared.
 */
uint64_t ra_dcap_check_fingerprint(const struct ra_hash256 *anchor_id,
    unsigned int options, const struct ra_dcap_collateral *coll);

/* True iff a and b hold the same bytes in every item and signature. */
bool ra_dcap_check_same(
    const struct ra_dcap_collateral *a, const struct ra_dcap_collateral *b);

/*
 * Check coll against anchor (whose self-signature the caller checked):
 * a new set with one reference, each part's outcome recorded (ok if all
 * passed). RA_ERR_NOMEM / RA_ERR_CRYPTO only for the environment.
 */
enum ra_err ra_dcap_check_collateral(struct dcap_checked **out,
    const struct ra_x509 *anchor, const struct ra_hash256 *anchor_id,
    unsigned int options, const struct ra_dcap_collateral *coll);

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

/*
 * A held reference to the cached set built from exactly coll against the
 * same anchor and options, or NULL.
 */
struct dcap_checked *ra_dcap_cache_find_checked(struct ra_dcap_cache *c,
    uint64_t fp, const struct ra_hash256 *anchor_id, unsigned int options,
    const struct ra_dcap_collateral *coll);
/*
 * Offer a set built from coll to the cache, which copies coll's bytes
 * and takes its own reference if it keeps the set.
 */
void ra_dcap_cache_put_checked(struct ra_dcap_cache *c,
    struct dcap_checked *chk, const struct ra_dcap_collateral *coll);

/*
 * The chain verified for certification data (type, bytes) of a quote
 * under checked set serial: copied into *out if cached.
 */
bool ra_dcap_cache_find_pck(struct ra_dcap_cache *c, uint64_t serial,
    enum ra_dcap_cert_type type, struct ra_bytes cert_data,
    struct dcap_pck *out);
void ra_dcap_cache_put_pck(struct ra_dcap_cache *c, uint64_t serial,
    enum ra_dcap_cert_type type, struct ra_bytes cert_data,
    const struct dcap_pck *pck);

#endif
