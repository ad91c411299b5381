/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RA_VERIFY_H
#define RA_VERIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sgxra/dcap.h"
#include "sgxra/err.h"
#include "sgxra/quote.h"
#include "sgxra/sgx.h"
#include "sgxra/types.h"
#include "sgxra/x509.h"

/*
 * Offline verification of DCAP ECDSA quotes (v3 SGX; v4 and v5, SGX and
 * TDX) against collateral, in the order of Intel's Quote Verification
 * Library (QVL): PCK chain and CRLs, PCK extensions, TCB Info and QE
 * Identity signatures, FMSPC/PCE-ID, QE report signature and binding, QE
 * identity, quote signature, TCB level, status merge. FORMATS.md §6.7 and
 * docs/dcap.md give every step and rule.
 *
 * No hidden inputs: the verification time is a parameter (Unix seconds),
 * the trust anchor is configured (Intel's SGX Root CA by default, any
 * self-signed root otherwise: an emulated PKI works the same way), and
 * the collateral is bytes the caller holds. Nothing here does I/O.
 *
 * An outcome is not an error: a verification that reaches a verdict,
 * accepting or refusing, returns RA_OK and fills struct ra_dcap_verdict.
 * Errors (RA_ERR_ARG, RA_ERR_NOMEM, RA_ERR_CRYPTO) mean no verdict.
 * Nothing here is constant-time: quotes and collateral are public.
 */

/* ---- verdict ------------------------------------------------------------ */

/* Why a verification refused, named after the step that refused. */
enum ra_dcap_fail {
	RA_DCAP_FAIL_NONE = 0,           /* completed: see status */
	RA_DCAP_FAIL_QUOTE_FORMAT,       /* truncated or inconsistent lengths */
	RA_DCAP_FAIL_QUOTE_UNSUPPORTED,  /* version, key, TEE, body or cert
	                                    type, or QE vendor (field) */
	RA_DCAP_FAIL_COLLATERAL_MISSING, /* item is absent */
	RA_DCAP_FAIL_COLLATERAL_FORMAT,  /* item does not parse (field) */
	RA_DCAP_FAIL_NOT_YET_VALID,      /* item issued after the time */
	RA_DCAP_FAIL_PCK_CHAIN,          /* PCK chain: x509 says why */
	RA_DCAP_FAIL_PCK_EXTENSION,      /* SGX extension (field) */
	RA_DCAP_FAIL_PCK_MISMATCH,       /* PPID/PCE-ID of cert data 1..3 */
	RA_DCAP_FAIL_CRL_INVALID,        /* item: which CRL; x509 says why */
	RA_DCAP_FAIL_PCK_CA_REVOKED,     /* by the Root CA CRL */
	RA_DCAP_FAIL_PCK_REVOKED,        /* by the PCK CRL */
	RA_DCAP_FAIL_TCB_SIGNING_CHAIN,  /* item: whose issuer chain */
	RA_DCAP_FAIL_TCB_SIGNING_REVOKED,
	RA_DCAP_FAIL_TCB_INFO_SIGNATURE,
	RA_DCAP_FAIL_QE_IDENTITY_SIGNATURE,
	RA_DCAP_FAIL_TCB_INFO_MISMATCH,   /* id, version, fmspc, pceId */
	RA_DCAP_FAIL_TDX_MODULE_MISMATCH, /* module identity, MRSIGNERSEAM,
	                                     SEAMATTRIBUTES (field) */
	RA_DCAP_FAIL_QE_REPORT_SIGNATURE,
	RA_DCAP_FAIL_QE_REPORT_DATA,       /* SHA-256(att key || auth) || 0 */
	RA_DCAP_FAIL_QE_IDENTITY_MISMATCH, /* id, miscselect, attributes,
	                                      mrsigner, isvprodid (field) */
	RA_DCAP_FAIL_ATT_KEY, /* attestation key not a P-256 point */
	RA_DCAP_FAIL_QUOTE_SIGNATURE,
	RA_DCAP_FAIL_TCB_NOT_SUPPORTED,  /* no TCB level (field: which) */
	RA_DCAP_FAIL_COLLATERAL_EXPIRED, /* RA_DCAP_OPT_REFUSE_EXPIRED only */
};

/* What a failure, or the expiry flag, is about. */
enum ra_dcap_item {
	RA_DCAP_ITEM_NONE = 0,
	RA_DCAP_ITEM_QUOTE,
	RA_DCAP_ITEM_PCK_CERT,
	RA_DCAP_ITEM_PCK_CA,
	RA_DCAP_ITEM_ROOT_CA,
	RA_DCAP_ITEM_PCK_CHAIN, /* collateral pck_chain */
	RA_DCAP_ITEM_PCK_CRL,
	RA_DCAP_ITEM_PCK_CRL_ISSUER_CHAIN,
	RA_DCAP_ITEM_ROOT_CA_CRL,
	RA_DCAP_ITEM_TCB_INFO,
	RA_DCAP_ITEM_TCB_INFO_ISSUER_CHAIN,
	RA_DCAP_ITEM_QE_IDENTITY,
	RA_DCAP_ITEM_QE_IDENTITY_ISSUER_CHAIN,
	RA_DCAP_ITEM_TCB_SIGNING_CERT,
	RA_DCAP_ITEM_QE_REPORT,
	RA_DCAP_ITEM_COUNT,
};

#define RA_VERDICT_ADVISORIES_MAX RA_LEVEL_ADVISORIES_MAX
#define RA_VERDICT_MSG_LEN        320

/*
 * The result of one verification. Do not rely on its size. The quote
 * fields are filled as soon as the quote parses; body only once the quote
 * signature has verified (has_body); the collateral facts as the steps
 * establish them.
 */
struct ra_dcap_verdict {
	/* the outcome */
	enum ra_dcap_fail fail;       /* RA_DCAP_FAIL_NONE: completed */
	enum ra_tcb_status status;    /* the merged status, if completed */
	enum ra_dcap_item item;       /* the failure is about this item */
	char field[RA_ERR_FIELD_LEN]; /* and this field, if one is at fault */
	struct ra_x509_verify_detail x509; /* chain and CRL failures */
	char msg[RA_VERDICT_MSG_LEN]; /* one sentence saying all of the above */

	/* the quote */
	uint16_t version;
	uint32_t tee_type;
	enum ra_dcap_body_type body_type;
	enum ra_dcap_cert_type cert_type;
	/* Bytes after the length the quote declares: ignored, as QVL does
	 * (they are outside every signature); docs/dcap.md. */
	size_t trailing_len;
	bool has_body;
	union {
		struct ra_report_body sgx; /* body_type RA_DCAP_BODY_SGX */
		struct ra_td_report td;    /* RA_DCAP_BODY_TD10, _TD15 */
	} body;

	/* the collateral (QvE's collateral_expiration_status and friends) */
	bool collateral_expired;        /* some item expired at the time */
	enum ra_dcap_item expired_item; /* the one that expired first */
	int64_t earliest_expiry;        /* its notAfter / nextUpdate */
	bool revocation_checked;        /* false only with RA_DCAP_OPT_NO_CRL */
	uint8_t fmspc[RA_FMSPC_LEN];
	uint8_t pce_id[RA_PCE_ID_LEN];
	enum ra_sgx_type sgx_type;
	uint32_t tcb_eval_num; /* of the TCB Info */

	/* the TCB evaluation */
	enum ra_tcb_status platform_status; /* the matched level's, as stated */
	int64_t tcb_date;                   /* tcbDate of the matched level */
	enum ra_tcb_status qe_status;       /* the QE identity level's */
	int64_t qe_tcb_date;
	size_t n_advisories; /* of the matched TCB level */
	char advisories[RA_VERDICT_ADVISORIES_MAX][RA_ADVISORY_ID_LEN];
};

/* Short names: "TCB Info signature invalid", "PCK CRL". Never NULL. */
const char *ra_dcap_verify_fail_name(enum ra_dcap_fail f);
const char *ra_dcap_verify_item_name(enum ra_dcap_item item);

/*
 * True iff v completed with a status whose bit (1 << status) is in
 * allowed, and its collateral was unexpired unless allow_expired. The
 * relying party still has to check the report body (MRENCLAVE, MRSIGNER,
 * attributes, REPORTDATA or the TD measurements) itself.
 */
bool ra_dcap_verify_accepts(
    const struct ra_dcap_verdict *v, unsigned int allowed, bool allow_expired);

/* ---- the verifier ------------------------------------------------------- */

enum ra_dcap_option {
	/*
	 * Accept collateral without the Root CA CRL and PCK CRL: revocation
	 * of the PCK certificate, its CA and the TCB signer is then not
	 * checked, and verdict->revocation_checked is false. For evidence
	 * sets that were recorded without CRLs (docs/dcap.md); never for
	 * production.
	 */
	RA_DCAP_OPT_NO_CRL = 0x1,
	/*
	 * Refuse (RA_DCAP_FAIL_COLLATERAL_EXPIRED) instead of completing
	 * with collateral_expired set when any collateral item has expired.
	 */
	RA_DCAP_OPT_REFUSE_EXPIRED = 0x2,
};

/*
 * A verifier configuration: the trust anchor and options. Immutable once
 * made; one may be shared by any number of threads.
 */
struct ra_dcap_verifier;

/*
 * Make a verifier. anchor[0..len) is the root certificate, DER or PEM;
 * anchor NULL (len 0) selects the built-in Intel SGX Root CA. The anchor
 * must be self-signed (checked once, here): RA_ERR_CERT otherwise;
 * RA_ERR_FORMAT if it does not parse; RA_ERR_ARG for unknown options.
 * The bytes are copied.
 */
RA_MUST_CHECK enum ra_err ra_dcap_verify_new(struct ra_dcap_verifier **out,
    const uint8_t *anchor, size_t len, unsigned int options);

/* Release a verifier; NULL is accepted. */
void ra_dcap_verify_free(struct ra_dcap_verifier *vf);

/* The anchor in use (owned by vf). */
const struct ra_x509 *ra_dcap_verify_anchor(const struct ra_dcap_verifier *vf);

struct ra_dcap_cache;

/*
 * Verify quote[0..len) against coll at time now (Unix seconds) and fill
 * v. cache may be NULL (everything is verified from the bytes: the cold
 * path) or a cache shared by any number of calls and threads: verified
 * collateral and verified PCK chains are then reused while their bytes
 * are the same, so a repeated quote from one platform costs the two
 * ECDSA verifications of the quote, hashing and the TCB evaluation.
 * Cached results are re-judged against now on every call.
 *
 * Returns RA_OK with a verdict (v->fail says whether it refused),
 * RA_ERR_ARG for NULL pointers, RA_ERR_NOMEM or RA_ERR_CRYPTO if no
 * verdict could be reached. quote and coll are only read during the
 * call; v holds no pointer into them.
 */
RA_MUST_CHECK enum ra_err ra_dcap_verify_quote(struct ra_dcap_verdict *v,
    const struct ra_dcap_verifier *vf, struct ra_dcap_cache *cache,
    const uint8_t *quote, size_t len, const struct ra_dcap_collateral *coll,
    int64_t now);

/* ---- TCB evaluation (src/lib/ra/tcb.c) ---------------------------------- */

/*
 * The QE identity match (QVL EnclaveReportVerifier): masked MISCSELECT
 * and ATTRIBUTES, MRSIGNER, ISVPRODID, then the first tcbLevel in
 * document order with isvsvn <= the QE's ISVSVN.
 */
struct ra_tcb_qe_result {
	enum ra_dcap_fail fail;       /* NONE or QE_IDENTITY_MISMATCH */
	char field[RA_ERR_FIELD_LEN]; /* which field mismatched */
	int level;                    /* index, or -1: not supported */
	enum ra_tcb_status status;    /* that level's status */
};

void ra_tcb_qe_check(struct ra_tcb_qe_result *r,
    const struct ra_qe_identity *qi, const struct ra_report_body *qe_report);

/*
 * The TCB level selection and status merge (QVL checkTcbLevel and
 * TdxModuleCheck, TDRelaunchCheck): levels in QVL order; the first whose
 * 16 SGX component SVNs and PCESVN the PCK certificate meets; for TDX,
 * the first of those the TD's TEE_TCB_SVN also meets (bytes 0 and 1
 * skipped when the module version, byte 1, is not 0), the TDX module
 * identity's level, relaunch advice for TD 1.5 reports; then the merge
 * with the QE identity status.
 */
struct ra_tcb_result {
	enum ra_dcap_fail fail;       /* NONE, TCB_NOT_SUPPORTED or
	                                 TDX_MODULE_MISMATCH */
	char field[RA_ERR_FIELD_LEN]; /* "SGX TCB level", "TDX module" ... */
	enum ra_tcb_status status;    /* merged, if fail is NONE */
	int sgx_level;                /* index into ti->levels, or -1 */
	int tdx_level;                /* TDX: index, or -1 */
	int module;                   /* TDX: module identity index or -1 */
	enum ra_tcb_status module_status;
};

/*
 * td is the TD report of a TDX quote, NULL for SGX; quote_version is the
 * quote header's. qe may be NULL (no QE identity: no merge).
 */
void ra_tcb_evaluate(struct ra_tcb_result *r, const struct ra_tcb_info *ti,
    const struct ra_pck_ext *pck, const struct ra_td_report *td,
    uint16_t quote_version, const struct ra_tcb_qe_result *qe);

/*
 * The TDX module check of QuoteVerifier (4.1.2.4.11): the module
 * identity for TEE_TCB_SVN[1] (quote v4+, version > 0) or tdxModule, then
 * MRSIGNERSEAM equal and SEAMATTRIBUTES zero and equal. Sets r->fail to
 * RA_DCAP_FAIL_TDX_MODULE_MISMATCH (or TCB_INFO_MISMATCH when the TCB
 * Info has no module identities) and r->field; r->module to the index.
 */
void ra_tcb_check_tdx_module(struct ra_tcb_result *r,
    const struct ra_tcb_info *ti, const struct ra_td_report *td,
    uint16_t quote_version);

/* ---- owned collateral and the cache (src/lib/ra/dcap_cache.c) -------------
 */

/*
 * Collateral bytes in one allocation, reference-counted and immutable:
 * what a cache holds and hands out. ra_dcap_cache_coll_new copies every
 * item of src; the views of ra_dcap_cache_coll_views point into the
 * object and are valid while a reference is held.
 */
struct ra_dcap_coll;

RA_MUST_CHECK enum ra_err ra_dcap_cache_coll_new(
    struct ra_dcap_coll **out, const struct ra_dcap_collateral *src);
const struct ra_dcap_collateral *ra_dcap_cache_coll_views(
    const struct ra_dcap_coll *c);
/* Take and drop a reference; the last drop frees (NULL is accepted). */
void ra_dcap_cache_coll_hold(struct ra_dcap_coll *c);
void ra_dcap_cache_coll_release(struct ra_dcap_coll *c);

/* The PCS identity of a platform's collateral. */
enum ra_pck_ca {
	RA_PCK_CA_PROCESSOR = 0,
	RA_PCK_CA_PLATFORM = 1,
};

struct ra_dcap_coll_key {
	uint32_t tee_type; /* RA_DCAP_TEE_SGX or _TDX */
	uint8_t fmspc[RA_FMSPC_LEN];
	enum ra_pck_ca ca;
};

/*
 * The key of the collateral a quote needs: its TEE, and the FMSPC and
 * issuing CA of its PCK certificate (the certification data must be a
 * PCK chain or leaf, types 4 and 5; RA_ERR_VERSION otherwise). Nothing is
 * verified: the key only says what to fetch.
 */
RA_MUST_CHECK enum ra_err ra_dcap_cache_key(
    struct ra_dcap_coll_key *key, const uint8_t *quote, size_t len);

/*
 * A fetcher: get the collateral for key (from a PCS or PCCS, a file
 * store, ...) into a new reference *out. Called without the cache lock,
 * by one thread at a time per key (single flight). Return RA_OK, or any
 * error to pass on to the caller.
 */
typedef enum ra_err (*ra_dcap_fetch_fn)(void *arg,
    const struct ra_dcap_coll_key *key, int64_t now, struct ra_dcap_coll **out);

struct ra_dcap_cache_stats {
	uint64_t coll_hits, coll_misses;   /* verified collateral */
	uint64_t chain_hits, chain_misses; /* verified PCK chains */
	uint64_t fetches, fetch_waits; /* fetcher calls; callers that waited */
};

/*
 * A cache for one process: verified collateral (by the SHA-256 of its
 * bytes), verified PCK chains (by the SHA-256 of the chain bytes and of
 * the collateral they were checked against), and fetched collateral by
 * key with a max-age policy. At most max_entries of each kind are kept
 * (least recently used goes first). All operations are thread-safe.
 * fetch may be NULL (no fetching: ra_dcap_cache_get returns RA_ERR_STATE).
 * max_age is in seconds: a fetched collateral set is refreshed when it
 * is older, or when any of its items has expired.
 */
RA_MUST_CHECK enum ra_err ra_dcap_cache_new(struct ra_dcap_cache **out,
    size_t max_entries, ra_dcap_fetch_fn fetch, void *fetch_arg,
    int64_t max_age);
void ra_dcap_cache_free(struct ra_dcap_cache *c);
void ra_dcap_cache_stats(
    const struct ra_dcap_cache *c, struct ra_dcap_cache_stats *s);

/*
 * The collateral for key at time now: the cached set if it is fresh,
 * else one fetch (concurrent callers for the same key wait for it: single
 * flight). On success *out is a new reference (release it). A failed
 * fetch is returned to every waiter and not cached.
 */
RA_MUST_CHECK enum ra_err ra_dcap_cache_get(struct ra_dcap_cache *c,
    const struct ra_dcap_coll_key *key, int64_t now, struct ra_dcap_coll **out);

/*
 * The earliest expiry (notAfter / nextUpdate) of coll's dated items as
 * far as they parse, for max-age decisions; INT64_MAX if none parses.
 */
int64_t ra_dcap_cache_expiry(const struct ra_dcap_collateral *coll);

#endif
